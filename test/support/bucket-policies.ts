import { PutBucketPolicyCommand, type S3Client } from '@aws-sdk/client-s3';
import type { TestAccount } from './accounts.js';
import { type RawResponse, sendRaw, signRequest } from './raw-http.js';

/** A policy document of these statements (Version 2012-10-17), as a string. */
export function policyOf(...statements: Record<string, unknown>[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

/** The ARN of a bucket, or of objects in it when `path` is given (`*`, `public/*`). */
export function arn(bucket: string, path?: string): string {
  return path === undefined ? `arn:aws:s3:::${bucket}` : `arn:aws:s3:::${bucket}/${path}`;
}

export async function putPolicy(s3: S3Client, bucket: string, ...statements: Record<string, unknown>[]) {
  await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: policyOf(...statements) }));
}

/** A signed request to `/{bucket}?{subresource}` (root's key, or an account's), sent as is. */
export async function signedBucketRequest(
  port: number,
  method: string,
  bucket: string,
  subresource: string,
  opts: { body?: string; as?: TestAccount } = {},
): Promise<RawResponse> {
  const keys = opts.as
    ? { accessKeyId: opts.as.key.accessKeyId, secretAccessKey: opts.as.key.secretAccessKey }
    : {};
  const headers: Record<string, string> =
    opts.body === undefined ? {} : { 'content-length': String(Buffer.byteLength(opts.body)) };
  const req = { method, path: `/${bucket}`, query: { [subresource]: '' }, headers, body: opts.body };
  return sendRaw(port, await signRequest(port, req, keys));
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The `<Message>` of an S3 error body, its XML entities decoded. */
export function messageOf(res: RawResponse): string | undefined {
  const raw = /<Message>([^<]*)<\/Message>/.exec(res.text)?.[1];
  return raw?.replace(/&(amp|lt|gt|quot|apos);/g, (_m, name: string) => ENTITIES[name]!);
}
