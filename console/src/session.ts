import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';

/**
 * The signed-in keys. They stay in this tab's sessionStorage (gone when the tab closes) and are
 * sent nowhere: every request is signed here with SigV4, so the server never sees the secret and
 * no cookie carries authority a forged cross-site request could borrow (nothing to protect from CSRF).
 */
export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

const STORAGE_KEY = 'oks3-console-credentials';
/** OK-S3 accepts any region in a signature's scope; the SDK needs one to sign with. */
const REGION = 'us-east-1';

export function savedCredentials(): Credentials | undefined {
  const raw = sessionStorage.getItem(STORAGE_KEY);
  if (!raw) return undefined;
  try {
    const parsed = JSON.parse(raw) as Partial<Credentials>;
    if (typeof parsed.accessKeyId === 'string' && typeof parsed.secretAccessKey === 'string') {
      return { accessKeyId: parsed.accessKeyId, secretAccessKey: parsed.secretAccessKey };
    }
  } catch {
    // A damaged entry is as good as none.
  }
  sessionStorage.removeItem(STORAGE_KEY);
  return undefined;
}

export function forgetCredentials(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}

/** An S3 client for this origin (path style: buckets are not host names here). */
export function clientFor(credentials: Credentials): S3Client {
  return new S3Client({
    endpoint: window.location.origin,
    region: REGION,
    forcePathStyle: true,
    credentials,
    // Checksums only where S3 demands one (DeleteObjects): hashing every upload in JS buys nothing
    // over the MD5 and signature checks the server already does.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** Why a sign-in failed, in words for the form. */
export class SignInError extends Error {}

/**
 * Checks the keys with one ListBuckets call and keeps them only if it succeeds. A wrong access key
 * or secret is a 403 (InvalidAccessKeyId, SignatureDoesNotMatch).
 */
export async function signIn(credentials: Credentials): Promise<S3Client> {
  const client = clientFor(credentials);
  try {
    await client.send(new ListBucketsCommand({}));
  } catch (err) {
    client.destroy();
    const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status === 403) {
      throw new SignInError('Sign-in refused: the access key or the secret key is wrong.');
    }
    throw new SignInError(`Sign-in failed: ${(err as Error).message}`);
  }
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify(credentials));
  return client;
}
