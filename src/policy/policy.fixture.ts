import { parseBucketPolicy } from './bucket-policy.js';
import { evaluatePolicy, type PolicyVerdict, resourceArn } from './evaluate-policy.js';
import type { IamAction } from './iam-actions.js';

/** The bucket of AWS's documentation examples, renamed to a name valid here. */
export const BUCKET = 'amzn-s3-demo-bucket';
export const ALICE = 'a'.repeat(64);
export const BOB = 'b'.repeat(64);

/** A policy variable as written in a policy: `$` `{inner}` (spelt so no linter takes it for a template). */
export function variable(inner: string): string {
  return `$${'{'}${inner}}`;
}

export interface Probe {
  principal?: string | null;
  action: IamAction;
  key?: string;
  context?: Record<string, string>;
}

/** The verdict of `policy` (a JS value, serialised) on one request. */
export function verdict(policy: unknown, probe: Probe): PolicyVerdict {
  const parsed = parseBucketPolicy(JSON.stringify(policy), BUCKET);
  const context = new Map(Object.entries(probe.context ?? {}).map(([k, v]) => [k.toLowerCase(), [v]]));
  return evaluatePolicy(parsed, {
    principal: probe.principal === undefined ? null : probe.principal,
    action: probe.action,
    resource: resourceArn(BUCKET, probe.key),
    context,
  });
}
