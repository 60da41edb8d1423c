import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEST_ACCESS_KEY, TEST_SECRET_KEY } from './support/constants.js';
import { uniqueBucket } from './support/test-server.js';
import { useServer } from './support/use-server.js';

const run = promisify(execFile);
const PYTHON = path.resolve('.venv/bin/python');

const server = useServer();
beforeAll(() => {
  if (!existsSync(PYTHON)) {
    throw new Error(
      'No .venv: run the tests with "npm test", which creates it from examples/requirements.txt',
    );
  }
});

describe('bucket policies through boto3', () => {
  it('publish a prefix, report it public, refuse a malformed policy, and close again when deleted', async () => {
    const bucket = uniqueBucket('boto');
    const { stdout } = await run(PYTHON, [path.resolve('test/support/bucket_policy_boto3.py'), bucket], {
      env: {
        ...process.env,
        OKS3_ENDPOINT: server.endpoint,
        OKS3_ACCESS_KEY: TEST_ACCESS_KEY,
        OKS3_SECRET_KEY: TEST_SECRET_KEY,
      },
    });
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
