import type { Logger } from '../../logger.js';
import type { LifecycleCursor } from '../../metadata/lifecycle-cursor-repository.js';
import { lifecycleDeadline, ruleMatches } from '../lifecycle-rules.js';
import type { MultipartStore } from '../multipart-store.js';
import type { KeyScope } from './lifecycle-key.js';
import type { LifecycleObserver } from './lifecycle-observer.js';

const PAGE = 100;

/** How far a stretch of a walk went: to the end of its phase, or until the budget ran out. */
export interface WalkStretch {
  finished: boolean;
  left: number;
}

export interface UploadDeps {
  multipart: Pick<MultipartStore, 'list' | 'abort'>;
  observer: LifecycleObserver;
  log: Logger;
}

/**
 * AbortIncompleteMultipartUpload: pages of the bucket's open uploads from the cursor; an upload
 * whose key a rule selects (by prefix: an upload has no tags or size yet) is aborted through
 * AbortMultipartUpload's path once DaysAfterInitiation lifecycle days have passed. One held by a
 * request right now is left for the next walk.
 */
export async function abortDueUploads(
  deps: UploadDeps,
  scope: KeyScope,
  cursor: LifecycleCursor,
  budget: number,
  save: (c: LifecycleCursor) => Promise<void>,
): Promise<WalkStretch> {
  let from = { key: cursor.afterKey, uploadId: cursor.afterUpload };
  for (;;) {
    const limit = Math.min(budget, PAGE);
    const page = await deps.multipart.list(
      scope.bucket.name,
      from.uploadId === undefined ? { key: from.key, inclusive: true } : { ...from, inclusive: false },
      undefined,
      limit,
    );
    for (const upload of page) {
      const rule = scope.rules.find(
        (r) =>
          ruleMatches(r, { key: upload.key, size: 0, tags: [] }) &&
          scope.now >=
            lifecycleDeadline(upload.initiated, r.abortIncompleteUploadDays!, scope.daySeconds).getTime(),
      );
      if (!rule) continue;
      if (await deps.multipart.abort(upload.bucket, upload.key, upload.uploadId, 0)) {
        deps.observer.ruleApplied(scope.bucket.name, rule.id);
        deps.observer.uploadAborted(scope.bucket.name);
      }
    }
    budget -= page.length;
    if (page.length < limit) return { finished: true, left: budget };
    const last = page[page.length - 1]!;
    from = { key: last.key, uploadId: last.uploadId };
    await save({ phase: 'uploads', afterKey: last.key, afterUpload: last.uploadId });
    if (budget === 0) return { finished: false, left: 0 };
  }
}
