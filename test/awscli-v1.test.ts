import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ACCESS_KEY, TEST_SECRET_KEY } from './support/constants.js';
import { sendUrl } from './support/raw-http.js';
import { useBucket, useServer } from './support/use-server.js';

/**
 * awscli v1 as installed today: `aws s3 presign` in us-east-1 makes SigV2 URLs
 * (AWSAccessKeyId/Expires/Signature) unless a signature version is configured, which a browser or
 * curl then opens; `aws s3 cp` and `ls` sign SigV4 (botocore's endpoint rules pick v4 for requests
 * even with `s3.signature_version = s3`; SigV2 headers are tested through boto3, test/sigv2.test.ts).
 */
const run = promisify(execFile);
const AWS = path.resolve('.venv/bin/aws');

const server = useServer();
const bucket = useBucket(server, 'awscli');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'oks3-awscli-'));
  await writeFile(
    path.join(dir, 'config'),
    '[default]\nregion = us-east-1\ns3 =\n  addressing_style = path\n',
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function aws(...args: string[]): Promise<string> {
  const { stdout } = await run(AWS, [...args, '--endpoint-url', server.endpoint], {
    env: {
      ...process.env,
      AWS_CONFIG_FILE: path.join(dir, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'no-credentials'),
      AWS_ACCESS_KEY_ID: TEST_ACCESS_KEY,
      AWS_SECRET_ACCESS_KEY: TEST_SECRET_KEY,
    },
  });
  return stdout;
}

describe('awscli v1', () => {
  it('uploads, lists and downloads, byte-exact', async () => {
    const data = randomBytes(300_000);
    await writeFile(path.join(dir, 'up.bin'), data);
    await aws('s3', 'cp', path.join(dir, 'up.bin'), `s3://${bucket}/dir/up.bin`);
    const listing = await aws('s3', 'ls', `s3://${bucket}/dir/`);
    expect(listing).toMatch(/\b300000 up\.bin\n$/);
    await aws('s3', 'cp', `s3://${bucket}/dir/up.bin`, path.join(dir, 'down.bin'));
    expect((await readFile(path.join(dir, 'down.bin'))).equals(data)).toBe(true);
  });

  it('presigns a SigV2 URL that opens without credentials, and refuses it tampered or expired', async () => {
    await writeFile(path.join(dir, 'p.txt'), 'presigned by awscli v1');
    await aws('s3', 'cp', path.join(dir, 'p.txt'), `s3://${bucket}/p.txt`);
    const url = new URL((await aws('s3', 'presign', `s3://${bucket}/p.txt`, '--expires-in', '300')).trim());
    expect([...url.searchParams.keys()].sort()).toEqual(['AWSAccessKeyId', 'Expires', 'Signature']);
    const ok = await sendUrl(server.port, 'GET', url.pathname + url.search);
    expect(ok.status).toBe(200);
    expect(ok.body.toString()).toBe('presigned by awscli v1');

    const tampered = new URL(url);
    const signature = tampered.searchParams.get('Signature')!;
    tampered.searchParams.set('Signature', (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1));
    const refused = await sendUrl(server.port, 'GET', tampered.pathname + tampered.search);
    expect(refused.status).toBe(403);
    expect(refused.body.toString()).toContain('<Code>SignatureDoesNotMatch</Code>');

    // A URL that expired one second after it was made (awscli counts from its own clock).
    const expired = new URL((await aws('s3', 'presign', `s3://${bucket}/p.txt`, '--expires-in', '1')).trim());
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const late = await sendUrl(server.port, 'GET', expired.pathname + expired.search);
    expect(late.status).toBe(403);
    expect(late.body.toString()).toContain('<Code>AccessDenied</Code>');
  });
});
