import type { IncomingHttpHeaders } from 'node:http';
import { S3Error } from '../../errors.js';
import type { ObjectVersion } from '../../storage/types.js';
import type { Context } from '../action.js';
import { etagListMatches } from './preconditions.js';

/** How long a conditional writer waits for another one on the same key before 409. */
const LEASE_WAIT_MS = 10_000;

export interface WriteConditions {
  ifNoneMatch: boolean;
  ifMatch: string | undefined;
}

/** PUT's `If-None-Match: *` (create only) and `If-Match: <etag>` (replace only that version). */
export function writeConditions(headers: IncomingHttpHeaders): WriteConditions | undefined {
  const ifNoneMatch = headers['if-none-match'];
  const ifMatch = headers['if-match'];
  if (ifNoneMatch === undefined && ifMatch === undefined) return undefined;
  if (ifNoneMatch !== undefined && ifNoneMatch.trim() !== '*') {
    throw new S3Error('NotImplemented', 'If-None-Match on PUT only supports "*".');
  }
  return { ifNoneMatch: ifNoneMatch !== undefined, ifMatch };
}

export function checkWriteConditions(
  c: WriteConditions,
  current: ObjectVersion | undefined,
  key: string,
): void {
  const exists = current !== undefined && !current.isDeleteMarker;
  if (c.ifNoneMatch && exists)
    throw new S3Error('PreconditionFailed', undefined, { Condition: 'If-None-Match' });
  if (c.ifMatch !== undefined) {
    if (!exists) throw new S3Error('NoSuchKey', undefined, { Key: key });
    if (!etagListMatches(c.ifMatch, current.etag))
      throw new S3Error('PreconditionFailed', undefined, { Condition: 'If-Match' });
  }
}

/**
 * Runs `commit` under the key's lease after re-checking the conditions, so two conditional writers
 * cannot both see "absent" and both win.
 */
export function commitUnderConditions<T>(
  ctx: Context,
  bucket: string,
  key: string,
  conditions: WriteConditions,
  commit: () => Promise<T>,
): Promise<T> {
  return underKeyLease(ctx, bucket, key, async () => {
    checkWriteConditions(conditions, await ctx.objects.current(bucket, key), key);
    return commit();
  });
}

/**
 * Runs `work` holding the key's lease, the one every conditional write (PUT, POST, Complete) takes.
 * A writer that cannot get the lease in time gets ConditionalRequestConflict (409), as S3 answers
 * a concurrent conditional write.
 */
export async function underKeyLease<T>(
  ctx: Context,
  bucket: string,
  key: string,
  work: () => Promise<T>,
): Promise<T> {
  const held = await ctx.leases.hold(`object:${bucket}/${key}`, work, LEASE_WAIT_MS);
  if (!held) throw new S3Error('ConditionalRequestConflict');
  return held.value;
}
