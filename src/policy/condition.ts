import { isKnownConditionKey } from './condition-keys.js';
import { type ConditionOperator, conditionOperator } from './condition-operators.js';
import { PolicyError } from './policy-error.js';
import type { KeyLookup } from './policy-template.js';

/**
 * One test of a statement's Condition block: an operator, one key, the values it allows.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html
 */
export interface Condition {
  /** The operator as written, for messages. */
  name: string;
  operator: ConditionOperator | 'Null';
  /** `...IfExists`: holds when the key is absent. */
  ifExists: boolean;
  /** `ForAnyValue:` / `ForAllValues:` for keys with several values. */
  set: 'any' | 'all' | undefined;
  /** The context key, in lower case (condition keys are case-insensitive). */
  key: string;
  values: readonly unknown[];
}

/** The values of the request's context keys (lower-case names); an absent key has none. */
export type RequestContext = ReadonlyMap<string, readonly string[]>;

export function parseConditionBlock(block: unknown, variables: boolean): Condition[] {
  if (!isObject(block)) throw new PolicyError('Condition must be an object of operators');
  const conditions: Condition[] = [];
  for (const [name, keys] of Object.entries(block)) {
    if (!isObject(keys)) throw new PolicyError(`Invalid Condition block for ${name}`);
    for (const [key, raw] of Object.entries(keys)) conditions.push(parseCondition(name, key, raw, variables));
  }
  return conditions;
}

function parseCondition(name: string, key: string, raw: unknown, variables: boolean): Condition {
  const { base, ifExists, set } = splitOperator(name);
  const lowerKey = key.toLowerCase();
  if (!isKnownConditionKey(lowerKey)) throw new PolicyError(`Policy has an invalid condition key: ${key}`);
  const texts = conditionValues(raw, name);
  if (base.toLowerCase() === 'null') {
    if (ifExists) throw new PolicyError(`Invalid Condition type: ${name}`);
    const values = texts.map((t) => {
      const lower = t.toLowerCase();
      if (lower !== 'true' && lower !== 'false') throw new PolicyError(`Invalid Null condition value: ${t}`);
      return lower === 'true';
    });
    return { name, operator: 'Null', ifExists, set, key: lowerKey, values };
  }
  const operator = conditionOperator(base);
  if (!operator) throw new PolicyError(`Invalid Condition type: ${name}`);
  return {
    name,
    operator,
    ifExists,
    set,
    key: lowerKey,
    values: texts.map((t) => operator.parse(t, variables)),
  };
}

function splitOperator(name: string) {
  let rest = name;
  let set: Condition['set'];
  const prefix = /^(ForAnyValue|ForAllValues):/i.exec(rest);
  if (prefix) {
    set = prefix[1]!.toLowerCase() === 'foranyvalue' ? 'any' : 'all';
    rest = rest.slice(prefix[0].length);
  }
  const ifExists = /IfExists$/i.test(rest);
  return { base: ifExists ? rest.slice(0, -'IfExists'.length) : rest, ifExists, set };
}

/** A condition value is a string, number or boolean, or a non-empty list of them. */
function conditionValues(raw: unknown, name: string): string[] {
  const list = Array.isArray(raw) ? raw : [raw];
  if (list.length === 0) throw new PolicyError(`Empty value list in condition ${name}`);
  return list.map((v) => {
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    throw new PolicyError(`Invalid value in condition ${name}: values are strings, numbers or booleans`);
  });
}

/** Whether every condition holds for the request (operators, keys: AND; values: OR). */
export function conditionsHold(conditions: readonly Condition[], context: RequestContext): boolean {
  const lookup: KeyLookup = (key) => context.get(key)?.[0];
  return conditions.every((c) => holds(c, context.get(c.key) ?? [], lookup));
}

function holds(c: Condition, present: readonly string[], lookup: KeyLookup): boolean {
  const { operator } = c;
  if (operator === 'Null') return c.values.some((absent) => absent === (present.length === 0));
  if (present.length === 0) {
    // An absent key: IfExists passes; ForAllValues holds vacuously; otherwise only a negated
    // operator holds (the key matches none of the values), as AWS documents.
    if (c.ifExists || c.set === 'all') return true;
    return c.set === undefined && operator.negated;
  }
  const matchesOne = (v: string) => c.values.some((p) => operator.matches(v, p, lookup));
  const valueHolds = (v: string) => (operator.negated ? !matchesOne(v) : matchesOne(v));
  if (c.set === 'all' || (c.set === undefined && operator.negated)) return present.every(valueHolds);
  return present.some(valueHolds);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
