import type { PayloadMode } from './payload-mode.js';

/** The inputs and outputs of request authentication, shared by the auth modules and their callers. */

export type { PayloadMode } from './payload-mode.js';

export interface AuthInput {
  method: string;
  /** Percent-encoded path exactly as on the wire, without the query. */
  rawPath: string;
  /** Raw query string without '?'. */
  rawQuery: string;
  rawHeaders: readonly string[];
  now: Date;
  /** The bucket the Host header names in virtual-hosted style (SigV2 signs it as `/bucket`). */
  virtualHostBucket?: string | undefined;
}

export type SecretLookup = (
  accessKeyId: string,
) => Promise<{ secretAccessKey: string; principal: string } | undefined>;

/** What the aws-chunked decoder needs to check chunk and trailer signatures. */
export interface SigningContext {
  signingKey: Buffer;
  scope: string;
  amzDate: string;
  seedSignature: string;
}

export interface AuthContext {
  /** null = anonymous. */
  principal: string | null;
  accessKeyId: string | null;
  payload: PayloadMode;
  signing: SigningContext | null;
  /**
   * How the request was signed, as the `s3:signatureversion` policy key names it: `AWS` for SigV2;
   * absent means SigV4 (or anonymous, which has no principal to sign).
   */
  signatureVersion?: 'AWS' | 'AWS4-HMAC-SHA256';
}
