import type { IncomingHttpHeaders } from 'node:http';
import { S3Error } from '../../errors.js';
import type { ObjectVersion } from '../../storage/types.js';
import { checkReadPreconditions } from './preconditions.js';

export interface CopySource {
  bucket: string;
  key: string;
  versionId: string | undefined;
}

/** Parses `x-amz-copy-source: [/]bucket/key[?versionId=...]` (URL-encoded key). */
export function parseCopySource(header: string | string[] | undefined): CopySource {
  if (typeof header !== 'string' || header === '') {
    throw new S3Error(
      'InvalidArgument',
      'Copy Source must mention the source bucket and key: sourcebucket/sourcekey',
      {
        ArgumentName: 'x-amz-copy-source',
      },
    );
  }
  const [path = '', query = ''] = header.split('?', 2);
  let decoded: string;
  try {
    decoded = decodeURIComponent(path.replace(/^\//, ''));
  } catch {
    throw new S3Error('InvalidArgument', 'Invalid copy source encoding', {
      ArgumentName: 'x-amz-copy-source',
    });
  }
  const slash = decoded.indexOf('/');
  if (slash <= 0 || slash === decoded.length - 1) {
    throw new S3Error(
      'InvalidArgument',
      'Copy Source must mention the source bucket and key: sourcebucket/sourcekey',
      {
        ArgumentName: 'x-amz-copy-source',
      },
    );
  }
  const versionId = new URLSearchParams(query).get('versionId') ?? undefined;
  return { bucket: decoded.slice(0, slash), key: decoded.slice(slash + 1), versionId };
}

/**
 * x-amz-copy-source-if-* are the GET preconditions applied to the source; for a copy every failed
 * condition is 412, including the ones a GET answers with 304.
 */
export function checkCopySourceConditions(headers: IncomingHttpHeaders, source: ObjectVersion): void {
  const conditions: IncomingHttpHeaders = {};
  for (const name of ['if-match', 'if-none-match', 'if-modified-since', 'if-unmodified-since']) {
    const value = headers[`x-amz-copy-source-${name}`];
    if (value !== undefined) conditions[name] = value;
  }
  try {
    checkReadPreconditions(conditions, source);
  } catch (err) {
    if (err instanceof S3Error && err.code === 'NotModified') throw new S3Error('PreconditionFailed');
    throw err;
  }
}
