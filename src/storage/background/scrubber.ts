import { setTimeout as sleep } from 'node:timers/promises';
import { BlockNotFoundError, type BlockStore } from '../../blocks/index.js';
import type { Logger } from '../../logger.js';
import type { BlockRefRows, LockRows } from '../../metadata/ports.js';
import type { ReachabilityScan } from '../../metadata/reachability-scan.js';
import type { ScrubProgressRepository } from '../../metadata/scrub-progress-repository.js';
import { holdLease } from '../held-lease.js';
import { every } from './background-tasks.js';

export interface ScrubDeps {
  store: Pick<BlockStore, 'list' | 'verify' | 'has'>;
  refs: BlockRefRows;
  scan: Pick<
    ReachabilityScan,
    'uploadIds' | 'parts' | 'versionIds' | 'segments' | 'references' | 'versionKeys' | 'uploadKeys'
  >;
  scrubProgress: Pick<ScrubProgressRepository, 'get' | 'saveRound' | 'finishRound'>;
  locks: LockRows;
  log: Logger;
}

export interface ScrubOptions {
  /** Re-read at most this many bytes per second (0: as fast as the disk goes). */
  bytesPerSecond: number;
  /** A block file younger than this that nothing references is being written, not left behind. */
  guardSeconds: number;
  /** Stops the round after saving where it is (a server shutting down); the next one resumes. */
  signal?: AbortSignal;
}

/** An object version or an open upload that a damaged block belongs to. */
export interface AffectedObject {
  key: string;
  versionId?: string;
  uploadId?: string;
  /** The damaged blocks it uses. */
  blocks: string[];
}

export interface ScrubReport {
  startedAt: string;
  finishedAt: string;
  /** True when the round went on from where an interrupted one stopped. */
  resumed: boolean;
  filesChecked: number;
  bytesChecked: number;
  /** Block files whose bytes no longer hash to their name. */
  corrupt: string[];
  /** Blocks that an acknowledged version or part references and the disk lacks. */
  missing: string[];
  /** Block files older than the guard that nothing references (the reachability sweep frees them). */
  unreferencedFiles: number;
  /** Per bucket, the versions and uploads that use a corrupt or missing block. */
  affected: Record<string, AffectedObject[]>;
}

/** The cursor is saved this often, so a restart re-reads at most this many files. */
const SAVE_EVERY_FILES = 256;
const LEASE = 'scrub';

/**
 * One scrub round: re-reads every block file and checks its hash, finds blocks that metadata
 * names but the disk lacks and files that nothing names, and reports which objects the damage
 * touches. The file walk goes in hash order and saves where it is, so a round interrupted by a
 * crash resumes there. Damage is reported, never repaired: a read of an affected object already
 * fails (blocks are verified on read, blocks/block-reader.ts) and the bytes are gone unless a copy
 * exists elsewhere; deleting the evidence would only hide it.
 */
export async function scrubRound(
  deps: ScrubDeps,
  opts: ScrubOptions,
  now = () => new Date(),
): Promise<ScrubReport> {
  const saved = (await deps.scrubProgress.get()).round;
  const startedAt = saved?.startedAt ?? now();
  const corrupt = new Set<string>(saved?.found ? (JSON.parse(saved.found) as string[]) : []);
  const cutoff = now().getTime() - opts.guardSeconds * 1000;
  let cursor = saved?.cursor;
  let filesChecked = 0;
  let bytesChecked = 0;
  let unreferencedFiles = 0;
  const began = Date.now();
  for await (const block of deps.store.list(cursor)) {
    if (opts.signal?.aborted) {
      await deps.scrubProgress.saveRound(startedAt, cursor, JSON.stringify([...corrupt]));
      throw opts.signal.reason;
    }
    const intact = await deps.store.verify(block.hash).catch((err: unknown) => {
      if (err instanceof BlockNotFoundError) return true; // collected meanwhile: nothing to check
      throw err;
    });
    if (!intact) {
      corrupt.add(block.hash);
      deps.log.error({ block: block.hash }, 'scrub: block file does not match its hash');
    }
    if (block.mtimeMs < cutoff && !(await deps.refs.isReferenced(block.hash))) unreferencedFiles++;
    filesChecked++;
    bytesChecked += block.size;
    cursor = block.hash;
    if (filesChecked % SAVE_EVERY_FILES === 0) {
      await deps.scrubProgress.saveRound(startedAt, cursor, JSON.stringify([...corrupt]));
    }
    if (opts.bytesPerSecond > 0) {
      const due = began + (bytesChecked / opts.bytesPerSecond) * 1000;
      if (due > Date.now()) await sleep(due - Date.now(), undefined, { signal: opts.signal }).catch(() => {});
    }
  }
  const missing = await missingBlocks(deps);
  for (const hash of missing) deps.log.error({ block: hash }, 'scrub: referenced block is missing');
  const report: ScrubReport = {
    startedAt: startedAt.toISOString(),
    finishedAt: now().toISOString(),
    resumed: saved !== undefined,
    filesChecked,
    bytesChecked,
    corrupt: [...corrupt].sort(),
    missing,
    unreferencedFiles,
    affected: await affectedObjects(deps, [...corrupt, ...missing]),
  };
  await deps.scrubProgress.finishRound(JSON.stringify(report), now());
  return report;
}

/**
 * Blocks that a version segment or an upload part references (acknowledged data) and whose file is
 * gone. Blobs that only an intent owns are being written, so their blocks may not be on disk yet;
 * a candidate is looked at twice, after the scan, so a block collected and written again meanwhile
 * is not reported.
 */
async function missingBlocks(deps: ScrubDeps): Promise<string[]> {
  const acknowledged = new Set<string>();
  const uploads = new Set<string>();
  for await (const id of deps.scan.uploadIds()) uploads.add(id);
  for await (const part of deps.scan.parts()) if (uploads.has(part.uploadId)) acknowledged.add(part.blobId);
  uploads.clear();
  const versions = new Set<string>();
  for await (const id of deps.scan.versionIds()) versions.add(id);
  for await (const segment of deps.scan.segments()) {
    if (versions.has(segment.versionId)) acknowledged.add(segment.blobId);
  }
  versions.clear();
  const candidates = new Set<string>();
  // A block's references are one partition, so they come one after another: one look per block.
  let looked: string | undefined;
  for await (const ref of deps.scan.references()) {
    if (!acknowledged.has(ref.blobId) || ref.hash === looked) continue;
    looked = ref.hash;
    if (!(await deps.store.has(ref.hash))) candidates.add(ref.hash);
  }
  const missing: string[] = [];
  for (const hash of candidates) if (!(await deps.store.has(hash))) missing.push(hash);
  return missing.sort();
}

/** Which versions and open uploads use the damaged blocks, by bucket; full scans, only on damage. */
async function affectedObjects(
  deps: ScrubDeps,
  damaged: string[],
): Promise<Record<string, AffectedObject[]>> {
  if (damaged.length === 0) return {};
  const blocksOfBlob = new Map<string, Set<string>>();
  for (const hash of damaged) {
    for (const blobId of await deps.refs.blobsOf(hash)) {
      const blocks = blocksOfBlob.get(blobId) ?? new Set<string>();
      blocks.add(hash);
      blocksOfBlob.set(blobId, blocks);
    }
  }
  const byVersion = new Map<string, Set<string>>();
  for await (const segment of deps.scan.segments())
    gather(byVersion, segment.versionId, blocksOfBlob.get(segment.blobId));
  const byUpload = new Map<string, Set<string>>();
  for await (const part of deps.scan.parts()) gather(byUpload, part.uploadId, blocksOfBlob.get(part.blobId));
  const affected: Record<string, AffectedObject[]> = {};
  const add = (bucket: string, object: AffectedObject) => {
    affected[bucket] ??= [];
    affected[bucket].push(object);
  };
  for await (const v of deps.scan.versionKeys()) {
    const blocks = byVersion.get(v.versionId);
    if (blocks) add(v.bucket, { key: v.key, versionId: v.versionId, blocks: [...blocks].sort() });
  }
  for await (const u of deps.scan.uploadKeys()) {
    const blocks = byUpload.get(u.uploadId);
    if (blocks) add(u.bucket, { key: u.key, uploadId: u.uploadId, blocks: [...blocks].sort() });
  }
  for (const list of Object.values(affected))
    list.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return affected;
}

function gather(into: Map<string, Set<string>>, owner: string, blocks: Set<string> | undefined): void {
  if (!blocks) return;
  const set = into.get(owner) ?? new Set<string>();
  for (const hash of blocks) set.add(hash);
  into.set(owner, set);
}

/** A round on one server at a time (a renewed lease); undefined when another server holds it. */
export async function scrubOnce(deps: ScrubDeps, opts: ScrubOptions): Promise<ScrubReport | undefined> {
  const held = await holdLease(
    deps.locks,
    LEASE,
    () => scrubRound(deps, opts),
    { waitMs: 0 },
    () => deps.log.warn('scrub: lease lost; the round goes on (it only reads and reports)'),
  );
  if (!held) return undefined;
  const { corrupt, missing, filesChecked, bytesChecked, unreferencedFiles } = held.value;
  deps.log.info(
    { filesChecked, bytesChecked, corrupt: corrupt.length, missing: missing.length, unreferencedFiles },
    'scrub round finished',
  );
  return held.value;
}

/** The report of the last finished round, if any. */
export async function lastScrubReport(
  deps: Pick<ScrubDeps, 'scrubProgress'>,
): Promise<ScrubReport | undefined> {
  const { lastReport } = await deps.scrubProgress.get();
  return lastReport ? (JSON.parse(lastReport) as ScrubReport) : undefined;
}

/**
 * Whether the background scrubber should start a round now: one was interrupted (resume it), or
 * the last one finished `intervalSeconds` ago or never ran.
 */
export async function scrubDue(
  deps: Pick<ScrubDeps, 'scrubProgress'>,
  intervalSeconds: number,
  now = new Date(),
): Promise<boolean> {
  const progress = await deps.scrubProgress.get();
  if (progress.round) return true;
  return !progress.lastFinished || now.getTime() - progress.lastFinished.getTime() >= intervalSeconds * 1000;
}

/**
 * The background scrubber: looks every minute (or every interval, if shorter) whether a round is
 * due, and runs it rate-limited. A round interrupted by a restart is resumed at the next look.
 */
export function startScrubber(
  deps: ScrubDeps,
  opts: ScrubOptions & { intervalSeconds: number },
): () => Promise<void> {
  if (opts.intervalSeconds === 0) return async () => {};
  const stopping = new AbortController();
  const stop = every(Math.min(60, opts.intervalSeconds), deps.log, 'scrub', async () => {
    if (await scrubDue(deps, opts.intervalSeconds)) {
      await scrubOnce(deps, { ...opts, signal: stopping.signal }).catch((err: unknown) => {
        if (!stopping.signal.aborted) throw err;
      });
    }
  });
  return async () => {
    stopping.abort(new Error('server closing'));
    await stop();
  };
}
