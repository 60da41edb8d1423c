import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPython } from './support/python.js';
import { uniqueBucket } from './support/test-server.js';
import { useServer } from './support/use-server.js';

const server = useServer();

describe('bucket policies through boto3', () => {
  it('publish a prefix, report it public, refuse a malformed policy, and close again when deleted', async () => {
    const bucket = uniqueBucket('boto');
    const script = path.resolve('test/support/bucket_policy_boto3.py');
    const { stdout } = await runPython([script, bucket], server.endpoint);
    expect(stdout.trim().split('\n')).toEqual([
      'before: 403',
      'same policy: True',
      'public: True',
      'after: 200 hello',
      'malformed: 400 MalformedPolicy Could not parse the policy: Statement is empty!',
      'deleted: 404 NoSuchBucketPolicy The bucket policy does not exist.',
      'closed: 403',
    ]);
  });
});
