import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPython } from './support/python.js';
import { uniqueBucket } from './support/test-server.js';
import { useServer } from './support/use-server.js';

const server = useServer();
const arn = (id: string) => `arn:aws:kms:us-east-1:000000000000:key/${id}`;

describe('server-side encryption through boto3', () => {
  it('SSE-S3, SSE-KMS with a named key, an unknown key, bucket default encryption and a copy between keys', async () => {
    const bucket = uniqueBucket('boto-sse');
    const { stdout } = await runPython([path.resolve('test/support/sse_boto3.py'), bucket], server.endpoint);
    expect(stdout.trim().split('\n')).toEqual([
      "put s3: ('AES256', None)",
      "get s3: ('AES256', None) True",
      `put kms: ('aws:kms', '${arn('beta')}')`,
      `head kms: ('aws:kms', '${arn('beta')}')`,
      'unknown key: 400 KMS.NotFoundException Invalid keyId nope',
      'no default: 404 ServerSideEncryptionConfigurationNotFoundError The server side encryption configuration was not found.',
      'default: AES256 False',
      "put default: ('AES256', None)",
      `copy: ('aws:kms', '${arn('alpha')}') True`,
      'deleted: 404 ServerSideEncryptionConfigurationNotFoundError The server side encryption configuration was not found.',
    ]);
  });
});
