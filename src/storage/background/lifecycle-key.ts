import { S3Error } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { Bucket } from '../../metadata/bucket-repository.js';
import type { ObjectVersion } from '../../metadata/object-types.js';
import type { Tag } from '../../metadata/tag-repository.js';
import {
  earliestExpiry,
  type LifecycleRule,
  lifecycleDeadline,
  ruleMatches,
  rulesUseTags,
} from '../lifecycle-rules.js';
import type { ObjectStore } from '../object-store.js';
import type { ExpiredKind, LifecycleObserver } from './lifecycle-observer.js';

export interface KeyDeps {
  objects: Pick<ObjectStore, 'deleteObject' | 'deleteVersion' | 'tags' | 'current'>;
  observer: LifecycleObserver;
  log: Logger;
}

export interface KeyScope {
  bucket: Bucket;
  rules: readonly LifecycleRule[];
  now: number;
  daySeconds: number;
}

/**
 * Applies a bucket's enabled rules to one key, from its versions newest first. Every action goes
 * through the paths of DeleteObject (with or without a version id), so versioning works as for a
 * client's delete and whatever the delete path refuses (an S3Error) is skipped, never forced:
 * - a current version past an Expiration is deleted (unversioned) or hidden by a delete marker;
 * - a noncurrent version NoncurrentDays after it became noncurrent (its successor's creation) is
 *   deleted, sparing the NewerNoncurrentVersions newest noncurrent ones;
 * - a delete marker that is the key's only version is removed under ExpiredObjectDeleteMarker, or
 *   once it is as old as an Expiration's Days (S3 does both).
 */
export async function applyRulesToKey(deps: KeyDeps, scope: KeyScope, versions: readonly ObjectVersion[]) {
  const [current, ...older] = versions;
  if (!current) return;
  let remaining = versions.length;
  for (const [i, version] of older.entries()) {
    const rule = await noncurrentRuleDue(deps, scope, version, versions[i]!.lastModified, i);
    if (rule && (await act(deps, scope, rule, 'noncurrent', () => deleteById(deps, scope, version)))) {
      remaining -= 1;
    }
  }
  if (!current.isDeleteMarker) {
    const subject = { key: current.key, size: current.size, tags: await tagsOf(deps, scope, current) };
    const due = earliestExpiry(scope.rules, subject, current.lastModified, scope.daySeconds);
    if (due && scope.now >= due.at.getTime()) {
      await act(deps, scope, due.ruleId, 'current', () => expireCurrent(deps, scope, current));
    }
  } else if (remaining === 1) {
    const rule = markerRuleDue(scope, current);
    if (rule) await act(deps, scope, rule, 'delete-marker', () => deleteById(deps, scope, current));
  }
}

/** The first rule that expires this noncurrent version now; `newer` noncurrent versions are newer. */
async function noncurrentRuleDue(
  deps: KeyDeps,
  scope: KeyScope,
  version: ObjectVersion,
  noncurrentSince: Date,
  newer: number,
): Promise<string | undefined> {
  let tags: readonly Tag[] | undefined;
  for (const rule of scope.rules) {
    const nce = rule.noncurrentExpiration;
    if (!nce || newer < (nce.newerNoncurrentVersions ?? 0)) continue;
    if (scope.now < lifecycleDeadline(noncurrentSince, nce.noncurrentDays, scope.daySeconds).getTime())
      continue;
    tags ??= version.isDeleteMarker ? [] : await tagsOf(deps, scope, version);
    if (ruleMatches(rule, { key: version.key, size: version.size, tags })) return rule.id;
  }
  return undefined;
}

function markerRuleDue(scope: KeyScope, marker: ObjectVersion): string | undefined {
  for (const rule of scope.rules) {
    const e = rule.expiration;
    if (!e || !ruleMatches(rule, { key: marker.key, size: 0, tags: [] })) continue;
    if (e.expiredObjectDeleteMarker) return rule.id;
    if (e.days !== undefined) {
      const at = lifecycleDeadline(marker.lastModified, e.days, scope.daySeconds);
      if (scope.now >= at.getTime()) return rule.id;
    }
  }
  return undefined;
}

async function expireCurrent(deps: KeyDeps, scope: KeyScope, version: ObjectVersion): Promise<boolean> {
  const { bucket } = scope;
  // An unversioned bucket loses exactly the version judged (a PUT since then stays); a versioned
  // one gets a delete marker, unless a newer write made another version current meanwhile.
  if (bucket.versioning === 'Unversioned') return deleteById(deps, scope, version);
  const now = await deps.objects.current(bucket.name, version.key);
  if (now?.versionId !== version.versionId) return false;
  await deps.objects.deleteObject(bucket.name, version.key, bucket.versioning);
  return true;
}

async function deleteById(deps: KeyDeps, scope: KeyScope, version: ObjectVersion): Promise<boolean> {
  // In a lock bucket the version is read again under the key's lease, so a retention extended
  // since this walk read it is honoured (the delete path refuses: skipped, as S3's lifecycle does).
  const outcome = await deps.objects.deleteVersion(scope.bucket.name, version.key, version.versionId, {
    lockBucket: scope.bucket.objectLock !== undefined,
  });
  return outcome.version !== undefined;
}

/** Runs one action; an S3Error (the delete path refused, e.g. a locked version) skips it. */
async function act(
  deps: KeyDeps,
  scope: KeyScope,
  ruleId: string,
  kind: ExpiredKind,
  action: () => Promise<boolean>,
): Promise<boolean> {
  const bucket = scope.bucket.name;
  try {
    if (!(await action())) return false;
  } catch (err) {
    if (!(err instanceof S3Error)) throw err;
    deps.log.info({ bucket, ruleId, kind, code: err.code }, 'lifecycle action refused; skipped');
    return false;
  }
  deps.observer.ruleApplied(bucket, ruleId);
  deps.observer.objectExpired(bucket, kind);
  return true;
}

async function tagsOf(deps: KeyDeps, scope: KeyScope, version: ObjectVersion): Promise<readonly Tag[]> {
  // Tags are side data: read only when a rule filters by them, in a bucket that ever had tags.
  if (!rulesUseTags(scope.rules) || !scope.bucket.taggedObjects) return [];
  return deps.objects.tags(version);
}
