import type { BlockStore } from '../../blocks/index.js';
import type { Logger } from '../../logger.js';
import type { BlockRefRepository } from '../../metadata/block-ref-repository.js';
import type { GcQueue } from '../../metadata/gc-queue.js';
import type { LockRepository } from '../../metadata/lock-repository.js';
import { type ReachabilityScan, timeuuidDate } from '../../metadata/reachability-scan.js';
import { freeBlob, type ReleaseDeps } from '../dedup/blob-release.js';

export interface ReachabilityDeps extends ReleaseDeps {
  scan: ReachabilityScan;
  refs: BlockRefRepository;
  gcQueue: GcQueue;
  locks: LockRepository;
  store: BlockStore;
  log: Logger;
}

export interface ReachabilityReport {
  ownedBlobs: number;
  blobsScanned: number;
  /** Blobs nobody owned (no version, part or intent), freed. */
  unownedBlobsFreed: number;
  referencesScanned: number;
  /** References of blobs that are gone and unowned, removed. */
  deadReferencesRemoved: number;
  filesScanned: number;
  /** Old block files that nothing references (whatever their state row says), handed to the collector. */
  orphanFilesQueued: number;
}

/**
 * The safety net under the reference protocol, needing no reference counts: a pass finds every
 * blob something owns (upload parts, then intents, then version segments: the direction in which
 * ownership moves, so a blob changing hands during the scan is seen at least once), then
 *  1. frees every blob older than `guardSeconds` that nothing owns (a crash between a blob's
 *     creation and its first owner), which drops its references and queues its blocks;
 *  2. removes references of unowned blobs older than the guard whose rows are already gone;
 *  3. queues for the collector every block file older than the guard that nothing references (a
 *     crash after the file write and before any reference named it, or a claim left behind).
 * Blocks are only ever deleted by the collector, through its claim and re-check, so a block a new
 * upload references meanwhile is restored, never lost. The guard covers the milliseconds between a
 * blob's creation and its intent, and between a file's write and its state row; a block that an
 * upload reuses has its file touched (blocks/block-store.ts), so it counts as young.
 */
export async function sweepUnreachable(
  deps: ReachabilityDeps,
  guardSeconds: number,
  now = new Date(),
): Promise<ReachabilityReport> {
  const cutoff = now.getTime() - guardSeconds * 1000;
  const old = (blobId: string) => timeuuidDate(blobId).getTime() < cutoff;
  const owned = await ownedBlobs(deps.scan);
  const report: ReachabilityReport = {
    ownedBlobs: owned.size,
    blobsScanned: 0,
    unownedBlobsFreed: 0,
    referencesScanned: 0,
    deadReferencesRemoved: 0,
    filesScanned: 0,
    orphanFilesQueued: 0,
  };
  for await (const blobId of deps.scan.blobIds()) {
    report.blobsScanned++;
    if (owned.has(blobId) || !old(blobId)) continue;
    await freeBlob(blobId, deps);
    report.unownedBlobsFreed++;
  }
  for await (const ref of deps.scan.references()) {
    report.referencesScanned++;
    if (owned.has(ref.blobId) || !old(ref.blobId)) continue;
    await deps.refs.remove(ref.hash, ref.blobId);
    await deps.gcQueue.enqueue(ref.hash);
    report.deadReferencesRemoved++;
  }
  for await (const block of deps.store.list()) {
    report.filesScanned++;
    if (block.mtimeMs >= cutoff) continue;
    if (await deps.refs.isReferenced(block.hash)) continue;
    await deps.gcQueue.enqueue(block.hash);
    report.orphanFilesQueued++;
  }
  return report;
}

/**
 * Every blob something owns: a part of an upload that exists, an intent, a segment of a version
 * that exists. Scanned in the direction ownership moves (part -> transfer intent -> version), and
 * each owner's existence before its rows, so a blob changing hands meanwhile is seen at least
 * once. A part or segment row whose upload or version is gone (a crash between the deletes of
 * the two) owns nothing.
 */
async function ownedBlobs(scan: ReachabilityScan): Promise<Set<string>> {
  const owned = new Set<string>();
  const uploads = new Set<string>();
  for await (const id of scan.uploadIds()) uploads.add(id);
  for await (const part of scan.parts()) if (uploads.has(part.uploadId)) owned.add(part.blobId);
  uploads.clear();
  for await (const id of scan.intentBlobIds()) owned.add(id);
  const versions = new Set<string>();
  for await (const id of scan.versionIds()) versions.add(id);
  for await (const segment of scan.segments()) if (versions.has(segment.versionId)) owned.add(segment.blobId);
  return owned;
}

const LEASE = 'reachability-sweep';

/** One pass on one server at a time (a lease); the others skip. Logs what it found. */
export async function sweepUnreachableOnce(
  deps: ReachabilityDeps,
  guardSeconds: number,
  leaseSeconds: number,
): Promise<ReachabilityReport | undefined> {
  const lease = await deps.locks.tryAcquire(LEASE, leaseSeconds);
  if (!lease) return undefined;
  try {
    const report = await sweepUnreachable(deps, guardSeconds);
    deps.log.info({ ...report }, 'reachability sweep');
    return report;
  } finally {
    await deps.locks.release(lease);
  }
}
