import { describe, expect, it } from 'vitest';
import { S3Error } from '../../errors.js';
import { createLogger } from '../../logger.js';
import type { Bucket, VersioningState } from '../../metadata/bucket-repository.js';
import type { ObjectVersion } from '../../metadata/object-types.js';
import type { LifecycleRule } from '../lifecycle-rules.js';
import { applyRulesToKey, type KeyDeps } from './lifecycle-key.js';
import { NO_LIFECYCLE_OBSERVER } from './lifecycle-observer.js';

const DAY = 10; // seconds: the clock below moves in these
const at = (days: number) => new Date(days * DAY * 1000);

function version(id: string, createdDay: number, marker = false): ObjectVersion {
  return {
    bucket: 'b',
    key: 'k',
    versionId: id,
    size: 5,
    etag: 'e',
    lastModified: at(createdDay),
    contentType: 'x/y',
    headers: {},
    userMeta: {},
    checksum: null,
    partsCount: null,
    isDeleteMarker: marker,
    nullVersion: false,
    inline: null,
    encryption: null,
  };
}

function bucket(versioning: VersioningState): Bucket {
  return { name: 'b', owner: 'o', createdAt: new Date(0), acl: 'private', versioning, region: 'us-east-1' };
}

/** Fake deletes that record what the rules did; `refuse` makes deletes by id fail as a lock would. */
function recorder(versions: ObjectVersion[], refuse = false) {
  const calls: string[] = [];
  const deps: KeyDeps = {
    log: createLogger('silent'),
    observer: NO_LIFECYCLE_OBSERVER,
    objects: {
      async current() {
        return versions[0];
      },
      async tags() {
        return [];
      },
      async deleteObject(_b, key, v) {
        calls.push(`marker ${key} ${v}`);
        return { deleteMarker: true, version: version('m', 99, true) };
      },
      async deleteVersion(_b, _k, id) {
        if (refuse) throw new S3Error('AccessDenied');
        calls.push(`delete ${id}`);
        return { deleteMarker: false, version: versions.find((v) => v.versionId === id) };
      },
    },
  };
  return { deps, calls };
}

const rule = (over: Partial<LifecycleRule>): LifecycleRule => ({
  id: 'r',
  enabled: true,
  form: 'filter',
  filter: { tags: [] },
  ...over,
});

describe('applyRulesToKey, on a clock the test moves', () => {
  const history = [version('v4', 6), version('v3', 4), version('v2', 2), version('v1', 0)];
  const keepOne = [rule({ noncurrentExpiration: { noncurrentDays: 1, newerNoncurrentVersions: 1 } })];

  it('expires noncurrent versions a day after their successor was written, keeping the newest N', async () => {
    const scope = (now: number) => ({ bucket: bucket('Enabled'), rules: keepOne, now, daySeconds: DAY });
    const early = recorder(history);
    await applyRulesToKey(early.deps, scope(at(2.5).getTime()), history);
    expect(early.calls).toEqual([]);
    // v1 became noncurrent at day 2 (v2's creation): due at day 3. v2 at day 4: due at day 5.
    const later = recorder(history);
    await applyRulesToKey(later.deps, scope(at(3).getTime()), history);
    expect(later.calls).toEqual(['delete v1']);
    const much = recorder(history);
    await applyRulesToKey(much.deps, scope(at(50).getTime()), history);
    expect(much.calls).toEqual(['delete v2', 'delete v1']);
  });

  it('hides a current version behind a marker when versioned, deletes that version when not', async () => {
    const rules = [rule({ expiration: { days: 2 } })];
    const current = [version('v1', 1)];
    for (const [versioning, expected] of [
      ['Enabled', 'marker k Enabled'],
      ['Suspended', 'marker k Suspended'],
      ['Unversioned', 'delete v1'],
    ] as const) {
      const before = recorder(current);
      await applyRulesToKey(
        before.deps,
        { bucket: bucket(versioning), rules, now: at(2.9).getTime(), daySeconds: DAY },
        current,
      );
      expect(before.calls).toEqual([]);
      const after = recorder(current);
      await applyRulesToKey(
        after.deps,
        { bucket: bucket(versioning), rules, now: at(3).getTime(), daySeconds: DAY },
        current,
      );
      expect(after.calls).toEqual([expected]);
    }
  });

  it('removes a lone delete marker under ExpiredObjectDeleteMarker, and a marker with versions never', async () => {
    const rules = [rule({ expiration: { expiredObjectDeleteMarker: true } })];
    const scope = { bucket: bucket('Enabled'), rules, now: at(1).getTime(), daySeconds: DAY };
    const lone = recorder([version('m', 0, true)]);
    await applyRulesToKey(lone.deps, scope, [version('m', 0, true)]);
    expect(lone.calls).toEqual(['delete m']);
    const withVersion = [version('m', 0, true), version('v1', 0)];
    const kept = recorder(withVersion);
    await applyRulesToKey(kept.deps, scope, withVersion);
    expect(kept.calls).toEqual([]);
  });

  it('skips an action the delete path refuses and goes on', async () => {
    const refused = recorder(history, true);
    const scope = { bucket: bucket('Enabled'), rules: keepOne, now: at(50).getTime(), daySeconds: DAY };
    await expect(applyRulesToKey(refused.deps, scope, history)).resolves.toBeUndefined();
    expect(refused.calls).toEqual([]);
  });
});
