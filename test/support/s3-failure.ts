import { S3ServiceException } from '@aws-sdk/client-s3';

/** Awaits an SDK call that must fail with an S3 error and returns that error; anything else fails the test. */
export async function failure(p: Promise<unknown>): Promise<S3ServiceException> {
  try {
    await p;
  } catch (err) {
    if (err instanceof S3ServiceException) return err;
    throw err;
  }
  throw new Error('expected the call to fail with an S3 error');
}

/** The S3 error code an SDK call fails with, or 'no error' when it succeeds. */
export async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof S3ServiceException) return err.name;
    throw err;
  }
  return 'no error';
}
