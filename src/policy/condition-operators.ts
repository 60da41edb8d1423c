import { parseIpRange } from './ip-range.js';
import { PolicyError } from './policy-error.js';
import {
  type KeyLookup,
  matchesTemplate,
  type PolicyTemplate,
  parseTemplate,
  resolvePlain,
} from './policy-template.js';

/**
 * The condition operators of the IAM policy language, each as: how a policy value is read
 * (checked once, at PutBucketPolicy), and when a request value matches it. A negated operator
 * (`StringNotEquals`, `NotIpAddress`, ...) holds when the request value matches none of the values.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 */
export interface ConditionOperator {
  negated: boolean;
  parse(value: string, variables: boolean): unknown;
  matches(requestValue: string, policyValue: unknown, lookup: KeyLookup): boolean;
}

function operator<T>(
  negated: boolean,
  parse: (value: string, variables: boolean) => T,
  matches: (requestValue: string, policyValue: T, lookup: KeyLookup) => boolean,
): ConditionOperator {
  return { negated, parse, matches: matches as ConditionOperator['matches'] };
}

const template = (value: string, variables: boolean): PolicyTemplate => parseTemplate(value, variables);
const equals = (v: string, t: PolicyTemplate, lookup: KeyLookup) => resolvePlain(t, lookup) === v;
const equalsIgnoringCase = (v: string, t: PolicyTemplate, lookup: KeyLookup) =>
  resolvePlain(t, lookup)?.toLowerCase() === v.toLowerCase();
const like = (v: string, t: PolicyTemplate, lookup: KeyLookup) => matchesTemplate(t, v, lookup);

const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)$/;
function policyNumber(value: string): number {
  if (!NUMBER.test(value.trim())) throw new PolicyError(`Invalid numeric value in condition: ${value}`);
  return Number(value);
}
function compareNumbers(test: (a: number, b: number) => boolean) {
  return (v: string, p: number) => NUMBER.test(v.trim()) && test(Number(v), p);
}

/** A date in a condition: ISO 8601 (`2026-01-01T00:00:00Z`) or seconds since the epoch. */
function dateValue(value: string): number | undefined {
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}
function policyDate(value: string): number {
  const ms = dateValue(value);
  if (ms === undefined) throw new PolicyError(`Invalid date value in condition: ${value}`);
  return ms;
}
function compareDates(test: (a: number, b: number) => boolean) {
  return (v: string, p: number) => {
    const ms = dateValue(v);
    return ms !== undefined && test(ms, p);
  };
}

function policyBool(value: string): string {
  const lower = value.trim().toLowerCase();
  if (lower !== 'true' && lower !== 'false')
    throw new PolicyError(`Invalid boolean value in condition: ${value}`);
  return lower;
}

function policyIp(value: string) {
  const range = parseIpRange(value);
  if (!range) throw new PolicyError(`Invalid IP address or CIDR block in condition: ${value}`);
  return range;
}

const eq = (a: number, b: number) => a === b;
const lt = (a: number, b: number) => a < b;
const le = (a: number, b: number) => a <= b;
const gt = (a: number, b: number) => a > b;
const ge = (a: number, b: number) => a >= b;

const OPERATORS: Record<string, ConditionOperator> = {
  StringEquals: operator(false, template, equals),
  StringNotEquals: operator(true, template, equals),
  StringEqualsIgnoreCase: operator(false, template, equalsIgnoringCase),
  StringNotEqualsIgnoreCase: operator(true, template, equalsIgnoringCase),
  StringLike: operator(false, template, like),
  StringNotLike: operator(true, template, like),
  NumericEquals: operator(false, policyNumber, compareNumbers(eq)),
  NumericNotEquals: operator(true, policyNumber, compareNumbers(eq)),
  NumericLessThan: operator(false, policyNumber, compareNumbers(lt)),
  NumericLessThanEquals: operator(false, policyNumber, compareNumbers(le)),
  NumericGreaterThan: operator(false, policyNumber, compareNumbers(gt)),
  NumericGreaterThanEquals: operator(false, policyNumber, compareNumbers(ge)),
  DateEquals: operator(false, policyDate, compareDates(eq)),
  DateNotEquals: operator(true, policyDate, compareDates(eq)),
  DateLessThan: operator(false, policyDate, compareDates(lt)),
  DateLessThanEquals: operator(false, policyDate, compareDates(le)),
  DateGreaterThan: operator(false, policyDate, compareDates(gt)),
  DateGreaterThanEquals: operator(false, policyDate, compareDates(ge)),
  Bool: operator(false, policyBool, (v, p) => v.toLowerCase() === p),
  BinaryEquals: operator(
    false,
    (v) => v.trim(),
    (v, p) => v === p,
  ),
  IpAddress: operator(false, policyIp, (v, p) => p.contains(v)),
  NotIpAddress: operator(true, policyIp, (v, p) => p.contains(v)),
  // ARN operators compare like StringLike: each of an ARN's parts may hold wildcards.
  ArnEquals: operator(false, template, like),
  ArnLike: operator(false, template, like),
  ArnNotEquals: operator(true, template, like),
  ArnNotLike: operator(true, template, like),
};

const BY_LOWER_CASE = new Map(Object.entries(OPERATORS).map(([name, op]) => [name.toLowerCase(), op]));

/** The operator of that name (without `IfExists` and set prefix), whatever its case. */
export function conditionOperator(name: string): ConditionOperator | undefined {
  return BY_LOWER_CASE.get(name.toLowerCase());
}
