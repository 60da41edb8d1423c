import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { newAccount } from './support/accounts.js';
import { runPython } from './support/python.js';
import { uniqueBucket } from './support/test-server.js';
import { useServer } from './support/use-server.js';

const server = useServer();

describe('Object Lock through boto3', () => {
  it('creates a lock bucket, applies its default, refuses locked deletes and honours the bypass rules', async () => {
    const other = await newAccount(server, 'boto-lock');
    const script = path.resolve('test/support/object_lock_boto3.py');
    const { stdout } = await runPython(
      [
        script,
        uniqueBucket('boto-lock'),
        other.account.accountId,
        other.key.accessKeyId,
        other.key.secretAccessKey,
      ],
      server.endpoint,
    );
    expect(stdout.trim().split('\n')).toEqual([
      'versioning: Enabled',
      'suspend: 409 InvalidBucketState',
      "config: {'DefaultRetention': {'Mode': 'GOVERNANCE', 'Days': 1}}",
      'default: GOVERNANCE True',
      'delete: 403 AccessDenied',
      'other bypass: 403 AccessDenied',
      'compliance bypass: 403 AccessDenied',
      'compliance shorten: 403 AccessDenied',
      'hold: ON',
      'held bypass: 403 AccessDenied',
      'owner bypass: none',
    ]);
  });
});
