import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPython } from './support/python.js';
import { uniqueBucket } from './support/test-server.js';
import { useServer } from './support/use-server.js';

const DAY_SECONDS = 2;
const server = useServer({
  OKS3_LIFECYCLE_DAY_SECONDS: String(DAY_SECONDS),
  OKS3_LIFECYCLE_INTERVAL_SECONDS: '1',
});

describe('lifecycle through boto3', () => {
  it('puts, reads back and deletes rules, refuses transitions, a Days=1 rule expires its prefix, uploads are aborted', async () => {
    const bucket = uniqueBucket('boto-lc');
    const script = path.resolve('test/support/lifecycle_boto3.py');
    const { stdout } = await runPython([script, bucket, String(DAY_SECONDS)], server.endpoint);
    expect(stdout.trim().split('\n')).toEqual([
      'none: 404 NoSuchLifecycleConfiguration The lifecycle configuration does not exist.',
      'round trip: True',
      'transition: 400 InvalidRequest Transition actions are not supported',
      'header rule: "tmp"',
      'upload open: True',
      "after expiry: ['kept']",
      'uploads after abort: []',
      'parts: NoSuchUpload',
      'deleted: 404 NoSuchLifecycleConfiguration The lifecycle configuration does not exist.',
    ]);
  });
});
