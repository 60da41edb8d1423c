import { S3Error } from '../errors.js';
import type { ObjectVersion, Retention } from '../metadata/object-types.js';
import type { LockRows, VersionRows } from '../metadata/ports.js';
import { holdLease } from './held-lease.js';
import { checkRetentionChange, type LockOverride } from './object-lock.js';
import type { RetentionClock } from './retention-clock.js';

/** How long a retention change or a locked delete waits for the key's lease. */
const LEASE_WAIT_MS = 10_000;

type VersionRef = Pick<ObjectVersion, 'bucket' | 'key' | 'versionId'>;

export interface ObjectLockDeps {
  versions: VersionRows;
  locks: LockRows;
  clock: RetentionClock;
}

/**
 * Runs `work` on the version as read under the key's lease (`object:<bucket>/<key>`, the one
 * conditional writes take). Retention changes and deletes by id in a lock bucket both hold it, so
 * a delete never acts on a retention read before a concurrent PutObjectRetention extended it, and
 * an update never lands on a row a delete just removed (which would resurrect a partial row).
 */
export async function underVersionLease<T>(
  deps: ObjectLockDeps,
  ref: VersionRef,
  work: (version: ObjectVersion | undefined) => Promise<T>,
): Promise<T> {
  const held = await holdLease(
    deps.locks,
    `object:${ref.bucket}/${ref.key}`,
    async () => work(await deps.versions.version(ref.bucket, ref.key, ref.versionId)),
    { waitMs: LEASE_WAIT_MS },
  );
  if (!held) throw new S3Error('ConditionalRequestConflict');
  return held.value;
}

/** PutObjectRetention and PutObjectLegalHold: version-scoped lock state on the version's row. */
export class ObjectLockStore {
  constructor(private readonly deps: ObjectLockDeps) {}

  now(): Date {
    return this.deps.clock.now();
  }

  /** Replaces the version's retention (null removes it) if the lock rules allow it. */
  setRetention(ref: VersionRef, next: Retention | null, override: LockOverride = {}): Promise<void> {
    return underVersionLease(this.deps, ref, async (version) => {
      if (!version) throw new S3Error('NoSuchVersion', undefined, { Key: ref.key, VersionId: ref.versionId });
      checkRetentionChange(version, next, this.deps.clock.now(), override);
      await this.deps.versions.setLock(ref, { retention: next });
    });
  }

  /** Puts the version's legal hold on or off: anyone allowed to may, whatever its retention. */
  setLegalHold(ref: VersionRef, on: boolean): Promise<void> {
    return underVersionLease(this.deps, ref, async (version) => {
      if (!version) throw new S3Error('NoSuchVersion', undefined, { Key: ref.key, VersionId: ref.versionId });
      await this.deps.versions.setLock(ref, { legalHold: on });
    });
  }
}
