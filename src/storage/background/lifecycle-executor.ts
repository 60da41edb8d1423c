import type { Logger } from '../../logger.js';
import type { Bucket } from '../../metadata/bucket-repository.js';
import type { LifecycleCursor } from '../../metadata/lifecycle-cursor-repository.js';
import type { LifecycleCursorRows, LockRows } from '../../metadata/ports.js';
import type { BucketStore } from '../bucket-store.js';
import { holdLease } from '../held-lease.js';
import type { LifecycleRule } from '../lifecycle-rules.js';
import type { LifecycleStore } from '../lifecycle-store.js';
import type { ListingStore } from '../listing-store.js';
import type { MultipartStore } from '../multipart-store.js';
import type { ObjectStore } from '../object-store.js';
import { applyRulesToKey, type KeyScope } from './lifecycle-key.js';
import {
  countingObserver,
  type LifecycleCounts,
  type LifecycleObserver,
  zeroCounts,
} from './lifecycle-observer.js';
import { abortDueUploads, type WalkStretch } from './lifecycle-uploads.js';

/** Keys (or uploads) read per query; a pass does at most `batch` of them per bucket. */
const PAGE = 100;

export interface LifecycleDeps {
  buckets: Pick<BucketStore, 'get'>;
  lifecycle: Pick<LifecycleStore, 'configured'>;
  objects: Pick<ObjectStore, 'deleteObject' | 'deleteVersion' | 'tags' | 'current'>;
  listings: Pick<ListingStore, 'versionedKeysPage' | 'versions'>;
  multipart: Pick<MultipartStore, 'list' | 'abort'>;
  locks: LockRows;
  cursors: LifecycleCursorRows;
  observer: LifecycleObserver;
  log: Logger;
  /** The clock rules are judged by (ms since the epoch); tests may move it. */
  now?: () => number;
}

export interface LifecycleOptions {
  /** Seconds in a lifecycle day: 86400, or fewer to make days pass in tests. */
  daySeconds: number;
  /** Most keys plus uploads one pass works on per bucket; the walk resumes from its cursor. */
  batch: number;
}

/** What one pass did, and since the executor started (`passes` counts the finished ones). */
export interface LifecycleTotals extends LifecycleCounts {
  passes: number;
  /** Walks that reached the end of a bucket (its cursor then starts over). */
  walksCompleted: number;
}

/**
 * The lifecycle executor: each pass visits every bucket with enabled rules (a scan of
 * `bucket_lifecycle`, so buckets without rules cost nothing), takes the bucket's
 * lease (`lifecycle:<bucket>`, skipped when another server holds it), and walks its keys and then
 * its uploads from the bucket's cursor, at most `batch` entries, saving the cursor after each page.
 * A crash loses at most the page in hand, which the next pass redoes: every action is judged
 * again from what is stored, so doing it twice is harmless.
 */
export class LifecycleExecutor {
  readonly totals: LifecycleTotals = { ...zeroCounts(), passes: 0, walksCompleted: 0 };

  constructor(
    private readonly deps: LifecycleDeps,
    private readonly opts: LifecycleOptions,
  ) {}

  async runPass(): Promise<LifecycleCounts> {
    const counts = zeroCounts();
    const observer = countingObserver(counts, countingObserver(this.totals, this.deps.observer));
    let buckets = 0;
    for await (const configured of this.deps.lifecycle.configured()) {
      const rules = configured.rules.filter((r) => r.enabled);
      const bucket = await this.deps.buckets.get(configured.bucket);
      // Rules left by a deleted bucket (or one deleted and created again) apply to nothing.
      if (rules.length === 0 || bucket?.createdAt.getTime() !== configured.createdAt.getTime()) continue;
      try {
        const held = await holdLease(
          this.deps.locks,
          `lifecycle:${bucket.name}`,
          () => this.walk(bucket, rules, observer),
          { waitMs: 0 },
          (name) => this.deps.log.warn({ lease: name }, 'lifecycle lease renewal failed; the walk goes on'),
        );
        if (held) buckets += 1;
      } catch (err) {
        // One bucket's failure (a Cassandra error) postpones its walk only; its cursor stays put.
        this.deps.log.warn({ err, bucket: bucket.name }, 'lifecycle walk failed; resumes at the next pass');
      }
    }
    this.totals.passes += 1;
    if (counts.rulesApplied > 0 || buckets > 0) this.deps.log.info({ buckets, ...counts }, 'lifecycle pass');
    return counts;
  }

  /** One bounded stretch of a bucket's walk: keys, then uploads, then the cursor is dropped. */
  private async walk(bucket: Bucket, rules: LifecycleRule[], observer: LifecycleObserver): Promise<void> {
    const { cursors } = this.deps;
    const scope: KeyScope = {
      bucket,
      rules,
      now: (this.deps.now ?? Date.now)(),
      daySeconds: this.opts.daySeconds,
    };
    let cursor: LifecycleCursor = (await cursors.get(bucket.name, bucket.createdAt)) ?? {
      phase: 'objects',
      afterKey: '',
    };
    let budget = this.opts.batch;
    const save = async (next: LifecycleCursor) => {
      cursor = next;
      await cursors.put(bucket.name, bucket.createdAt, next);
    };
    if (cursor.phase === 'objects') {
      const keys = await this.walkKeys(scope, observer, cursor, budget, save);
      if (!keys.finished) return this.paused(bucket, cursor);
      budget = keys.left;
      await save({ phase: 'uploads', afterKey: '' });
    }
    const uploadRules = rules.filter((r) => r.abortIncompleteUploadDays !== undefined);
    if (uploadRules.length > 0) {
      const uploads = await abortDueUploads(
        { ...this.deps, observer },
        { ...scope, rules: uploadRules },
        cursor,
        budget,
        save,
      );
      if (!uploads.finished) return this.paused(bucket, cursor);
    }
    await cursors.delete(bucket.name);
    this.totals.walksCompleted += 1;
    this.deps.log.debug({ bucket: bucket.name }, 'lifecycle walk completed');
  }

  /** Progress of a walk longer than a pass: where the next pass goes on. */
  private paused(bucket: Bucket, cursor: LifecycleCursor): void {
    this.deps.log.info({ bucket: bucket.name, ...cursor }, 'lifecycle walk goes on at the next pass');
  }

  /** Pages of keys from the cursor, until the end or the budget is spent. */
  private async walkKeys(
    scope: KeyScope,
    observer: LifecycleObserver,
    cursor: LifecycleCursor,
    budget: number,
    save: (c: LifecycleCursor) => Promise<void>,
  ): Promise<WalkStretch> {
    const rules = scope.rules.filter((r) => r.expiration || r.noncurrentExpiration);
    if (rules.length === 0) return { finished: true, left: budget };
    const keyScope = { ...scope, rules };
    const prefix = commonPrefix(rules.map((r) => r.filter.prefix ?? ''));
    let after = cursor.afterKey;
    for (;;) {
      const limit = Math.min(budget, PAGE);
      const fromPrefix = after < prefix;
      const keys = await this.deps.listings.versionedKeysPage({
        bucket: scope.bucket.name,
        prefix,
        from: fromPrefix ? prefix : after,
        inclusive: fromPrefix,
        limit,
      });
      for (const key of keys) {
        const versions = await this.deps.listings.versions(scope.bucket.name, key);
        await applyRulesToKey({ ...this.deps, observer }, keyScope, versions);
      }
      budget -= keys.length;
      if (keys.length < limit) return { finished: true, left: budget };
      after = keys[keys.length - 1]!;
      await save({ phase: 'objects', afterKey: after });
      if (budget === 0) return { finished: false, left: 0 };
    }
  }
}

/** The longest prefix every rule's prefix starts with: the part of the bucket worth listing. */
function commonPrefix(prefixes: readonly string[]): string {
  let common = prefixes[0] ?? '';
  // By code point, so a prefix is never cut inside a surrogate pair.
  for (const p of prefixes) while (!p.startsWith(common)) common = [...common].slice(0, -1).join('');
  return common;
}
