/** What a lifecycle expiration removed: a current version, a noncurrent one, or an expired delete marker. */
export type ExpiredKind = 'current' | 'noncurrent' | 'delete-marker';

/**
 * What the lifecycle executor reports as it works, for metrics. Each call is one action done:
 * `ruleApplied` names the rule whose action it was, then `objectExpired` or `uploadAborted` says
 * what it did. Calls are synchronous and must not throw.
 */
export interface LifecycleObserver {
  ruleApplied(bucket: string, ruleId: string): void;
  objectExpired(bucket: string, kind: ExpiredKind): void;
  uploadAborted(bucket: string): void;
}

export const NO_LIFECYCLE_OBSERVER: LifecycleObserver = {
  ruleApplied() {},
  objectExpired() {},
  uploadAborted() {},
};

/** Counts of lifecycle actions, per pass or since start. */
export interface LifecycleCounts {
  rulesApplied: number;
  objectsExpired: number;
  uploadsAborted: number;
}

export function zeroCounts(): LifecycleCounts {
  return { rulesApplied: 0, objectsExpired: 0, uploadsAborted: 0 };
}

/** An observer that adds to `counts` and passes every event on to `next`. */
export function countingObserver(counts: LifecycleCounts, next: LifecycleObserver): LifecycleObserver {
  return {
    ruleApplied(bucket, ruleId) {
      counts.rulesApplied += 1;
      next.ruleApplied(bucket, ruleId);
    },
    objectExpired(bucket, kind) {
      counts.objectsExpired += 1;
      next.objectExpired(bucket, kind);
    },
    uploadAborted(bucket) {
      counts.uploadsAborted += 1;
      next.uploadAborted(bucket);
    },
  };
}
