import { describe, expect, it } from 'vitest';
import { S3Error } from '../errors.js';
import { ObjectLockStore } from './object-lock-store.js';
import { BUCKET, bytes, useStorage } from './storage.fixture.js';

const fx = useStorage();
const DAY = 86_400;

const inADay = () => new Date(fx.clock.now().getTime() + DAY * 1000);

/** The S3 error code a promise rejects with. */
async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'resolved';
  } catch (err) {
    return err instanceof S3Error ? err.code : String(err);
  }
}

const locks = () =>
  new ObjectLockStore({ versions: fx.rows.versions, locks: fx.rows.locks, clock: fx.clock });

describe('ObjectStore: Object Lock on the delete path', () => {
  it('refuses to delete a retained version by id until the clock passes its retain-until date', async () => {
    const v = await fx.put('k', bytes(20_000, 1), {
      nullVersion: false,
      lock: { retention: { mode: 'GOVERNANCE', until: inADay() } },
    });
    expect(await codeOf(fx.objects.deleteVersion(BUCKET, 'k', v.versionId, { lockBucket: true }))).toBe(
      'AccessDenied',
    );
    expect(await codeOf(fx.objects.releaseVersion(v))).toBe('AccessDenied');
    expect(await fx.rows.versions.version(BUCKET, 'k', v.versionId)).toBeDefined();
    fx.clock.advance(DAY + 1);
    const outcome = await fx.objects.deleteVersion(BUCKET, 'k', v.versionId, { lockBucket: true });
    expect(outcome.version?.versionId).toBe(v.versionId);
    expect(await fx.rows.versions.version(BUCKET, 'k', v.versionId)).toBeUndefined();
  });

  it('lets a GOVERNANCE bypass through, never a COMPLIANCE one', async () => {
    const gov = await fx.put('g', bytes(5000, 2), {
      nullVersion: false,
      lock: { retention: { mode: 'GOVERNANCE', until: inADay() } },
    });
    const comp = await fx.put('c', bytes(5000, 3), {
      nullVersion: false,
      lock: { retention: { mode: 'COMPLIANCE', until: inADay() } },
    });
    const bypass = { bypassGovernance: true, lockBucket: true };
    expect(await codeOf(fx.objects.deleteVersion(BUCKET, 'c', comp.versionId, bypass))).toBe('AccessDenied');
    expect((await fx.objects.deleteVersion(BUCKET, 'g', gov.versionId, bypass)).version?.versionId).toBe(
      gov.versionId,
    );
  });

  it('refuses a version under legal hold even with a bypass and without retention', async () => {
    const v = await fx.put('h', bytes(5000, 4), { nullVersion: false, lock: { legalHold: true } });
    const bypass = { bypassGovernance: true, lockBucket: true };
    expect(await codeOf(fx.objects.deleteVersion(BUCKET, 'h', v.versionId, bypass))).toBe('AccessDenied');
    await locks().setLegalHold(v, false);
    expect((await fx.objects.deleteVersion(BUCKET, 'h', v.versionId, bypass)).version?.versionId).toBe(
      v.versionId,
    );
  });

  it('an unversioned delete of a key with a locked version deletes nothing', async () => {
    await fx.put('u', bytes(5000, 5), { lock: { retention: { mode: 'COMPLIANCE', until: inADay() } } });
    expect(await codeOf(fx.objects.deleteObject(BUCKET, 'u', 'Unversioned'))).toBe('AccessDenied');
    expect(await fx.rows.versions.versions(BUCKET, 'u')).toHaveLength(1);
  });

  it('a delete marker needs no permission from the lock: the version stays below it', async () => {
    const v = await fx.put('m', bytes(5000, 6), {
      nullVersion: false,
      lock: { retention: { mode: 'COMPLIANCE', until: inADay() } },
    });
    const outcome = await fx.objects.deleteObject(BUCKET, 'm', 'Enabled');
    expect(outcome.deleteMarker).toBe(true);
    expect((await fx.rows.versions.versions(BUCKET, 'm')).map((x) => x.versionId)).toContain(v.versionId);
  });
});

describe('ObjectLockStore: retention changes', () => {
  it('extends any retention, shortens GOVERNANCE only with a bypass, and COMPLIANCE never', async () => {
    const until = inADay();
    const later = new Date(until.getTime() + 3600_000);
    const earlier = new Date(until.getTime() - 3600_000);
    const gov = await fx.put('g', bytes(5000, 7), {
      nullVersion: false,
      lock: { retention: { mode: 'GOVERNANCE', until } },
    });
    const store = locks();
    await store.setRetention(gov, { mode: 'GOVERNANCE', until: later });
    expect(await codeOf(store.setRetention(gov, { mode: 'GOVERNANCE', until: earlier }))).toBe(
      'AccessDenied',
    );
    expect(await codeOf(store.setRetention(gov, null))).toBe('AccessDenied');
    await store.setRetention(gov, { mode: 'GOVERNANCE', until: earlier }, { bypassGovernance: true });
    expect((await fx.rows.versions.version(BUCKET, 'g', gov.versionId))?.retention?.until).toEqual(earlier);
    await store.setRetention(gov, { mode: 'COMPLIANCE', until: earlier });
    const stronger = { mode: 'GOVERNANCE', until: later } as const;
    expect(await codeOf(store.setRetention(gov, stronger, { bypassGovernance: true }))).toBe('AccessDenied');
    expect(await codeOf(store.setRetention(gov, null, { bypassGovernance: true }))).toBe('AccessDenied');
    fx.clock.advance(DAY + 1);
    await store.setRetention(gov, null);
    expect((await fx.rows.versions.version(BUCKET, 'g', gov.versionId))?.retention).toBeUndefined();
  });

  it('answers NoSuchVersion for a version deleted meanwhile', async () => {
    const v = await fx.put('x', bytes(5000, 8), { nullVersion: false });
    await fx.objects.deleteVersion(BUCKET, 'x', v.versionId);
    expect(await codeOf(locks().setLegalHold(v, true))).toBe('NoSuchVersion');
    expect(await fx.rows.versions.versions(BUCKET, 'x')).toEqual([]);
  });
});
