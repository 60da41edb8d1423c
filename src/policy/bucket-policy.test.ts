import { describe, expect, it } from 'vitest';
import { parseBucketPolicy } from './bucket-policy.js';
import { ALICE, BUCKET } from './policy.fixture.js';

const OBJECTS = `arn:aws:s3:::${BUCKET}/*`;

function statement(fields: Record<string, unknown>) {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: OBJECTS, ...fields }],
  });
}

function reason(text: string): string {
  try {
    parseBucketPolicy(text, BUCKET);
  } catch (err) {
    return (err as Error).message;
  }
  return 'accepted';
}

describe('parseBucketPolicy', () => {
  it('accepts one statement or a list, and every principal form', () => {
    const one = JSON.stringify({
      Statement: { Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:*', Resource: '*' },
    });
    expect(parseBucketPolicy(one, BUCKET).statements).toHaveLength(1);
    for (const principal of [ALICE, `arn:aws:iam::${ALICE}:root`, [ALICE, '*']]) {
      expect(reason(statement({ Principal: { AWS: principal } }))).toBe('accepted');
    }
    expect(reason(statement({ Principal: { CanonicalUser: ALICE } }))).toBe('accepted');
    expect(reason(statement({ Principal: { Service: 'logging.s3.amazonaws.com' } }))).toBe('accepted');
    expect(reason(statement({ Resource: `arn:aws:s3:::amzn-s3-*/photos/*` }))).toBe('accepted');
  });

  it.each([
    ['not JSON', 'Version: 1', "Policies must be valid JSON and the first byte must be '{'"],
    ['invalid JSON', '{"Statement": [}', 'This policy contains invalid Json'],
    [
      'an empty statement list',
      '{"Version":"2012-10-17","Statement":[]}',
      'Could not parse the policy: Statement is empty!',
    ],
    ['no Statement', '{"Version":"2012-10-17"}', 'Missing required field Statement'],
    [
      'an unknown version',
      '{"Version":"2020-01-01","Statement":[]}',
      'The policy must contain a valid version string',
    ],
    ['an unknown top-level field', '{"Statement":[],"Extra":1}', 'Unknown field Extra'],
    ['an unknown Effect', statement({ Effect: 'allow' }), 'Invalid effect: allow'],
    ['no Effect', statement({ Effect: undefined }), 'Missing required field Effect'],
    ['no Principal', statement({ Principal: undefined }), 'Missing required field Principal'],
    [
      'an IAM user',
      statement({ Principal: { AWS: `arn:aws:iam::${ALICE}:user/bob` } }),
      'Invalid principal in policy',
    ],
    [
      'a 12-digit AWS account',
      statement({ Principal: { AWS: '111122223333' } }),
      'Invalid principal in policy',
    ],
    [
      'a principal of another kind',
      statement({ Principal: { Federated: 'cognito-identity.amazonaws.com' } }),
      'Invalid principal in policy',
    ],
    ['a misspelt action', statement({ Action: 's3:GetObjekt' }), 'Policy has invalid action'],
    ['an action of another service', statement({ Action: 'iam:CreateUser' }), 'Policy has invalid action'],
    [
      'both Action and NotAction',
      statement({ NotAction: 's3:PutObject' }),
      'Statement cannot have both Action and NotAction',
    ],
    ['no Action', statement({ Action: undefined }), 'Missing required field Action'],
    ['a resource that is no ARN', statement({ Resource: BUCKET }), 'Policy has invalid resource'],
    [
      'a resource in another bucket',
      statement({ Resource: 'arn:aws:s3:::someone-else/*' }),
      'Policy has invalid resource',
    ],
    ['no Resource', statement({ Resource: undefined }), 'Missing required field Resource'],
    [
      'an object action on the bucket',
      statement({ Resource: `arn:aws:s3:::${BUCKET}` }),
      'Action does not apply to any resource(s) in statement',
    ],
    [
      'a bucket action on objects',
      statement({ Action: 's3:ListBucket' }),
      'Action does not apply to any resource(s) in statement',
    ],
    [
      'an unknown condition operator',
      statement({ Condition: { StringEqualz: { 's3:prefix': 'a' } } }),
      'Invalid Condition type: StringEqualz',
    ],
    [
      'an unknown s3 condition key',
      statement({ Condition: { StringEquals: { 's3:prefixx': 'a' } } }),
      'Policy has an invalid condition key: s3:prefixx',
    ],
    [
      'a key of no service',
      statement({ Condition: { StringEquals: { prefix: 'a' } } }),
      'Policy has an invalid condition key: prefix',
    ],
    [
      'a bad CIDR block',
      statement({ Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/33' } } }),
      'Invalid IP address or CIDR block in condition: 10.0.0.0/33',
    ],
    [
      'a bad number',
      statement({ Condition: { NumericLessThan: { 's3:max-keys': 'ten' } } }),
      'Invalid numeric value in condition: ten',
    ],
    [
      'a bad date',
      statement({ Condition: { DateLessThan: { 'aws:CurrentTime': 'tomorrow' } } }),
      'Invalid date value in condition: tomorrow',
    ],
    [
      'a bad boolean',
      statement({ Condition: { Bool: { 'aws:SecureTransport': 'yes' } } }),
      'Invalid boolean value in condition: yes',
    ],
    [
      'NullIfExists',
      statement({ Condition: { NullIfExists: { 'aws:Referer': 'true' } } }),
      'Invalid Condition type: NullIfExists',
    ],
    ['an unknown statement field', statement({ Principals: '*' }), 'Unknown field Principals'],
    [
      'two statements with one Sid',
      JSON.stringify({
        Statement: [
          { Sid: 'A', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: OBJECTS },
          { Sid: 'A', Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: OBJECTS },
        ],
      }),
      'Statement IDs (SID) in a single policy must be unique.',
    ],
  ])('refuses %s', (_what, text, expected) => {
    expect(reason(text)).toBe(expected);
  });
});
