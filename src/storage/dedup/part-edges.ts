import {
  type ChunkerOptions,
  hashBlock,
  resolveChunkerOptions,
  type ScanState,
  scanForCut,
} from '../../blocks/index.js';
import type { BlobBlock } from '../../metadata/blob-repository.js';
import type { VersionSegment } from '../../metadata/object-types.js';
import type { BlobRows, GcQueueRows, VersionRows } from '../../metadata/ports.js';
import { type CopierDeps, referenceStored } from './blob-copier.js';
import { versionOwner } from './blob-owners.js';
import { freeBlob } from './blob-release.js';
import { blockPublisher, type PublisherDeps } from './block-publisher.js';

const ROW_BATCH = 64;

export interface PartEdgeDeps extends PublisherDeps, CopierDeps {
  blobs: BlobRows;
  versions: VersionRows;
  gcQueue: GcQueueRows;
  chunking: ChunkerOptions;
}

export type RechunkOutcome = 'rechunked' | 'unchanged' | 'gone';

/** A block of the object, in object order. */
interface PlacedBlock {
  hash: string;
  size: number;
  /** Offset of its first byte in the object. */
  start: number;
  /** It ends where its part ends: a cut the chunker of a single PUT would not have made. */
  forcedEnd: boolean;
  encrypted: boolean;
}

/**
 * Re-chunks the part edges of a multipart version, so that its block list becomes the one a
 * single PUT of the same bytes produces, whatever the part sizes were; the blocks around each edge
 * then deduplicate with that PUT's (and with other part sizes').
 *
 * Why it works: a FastCDC cut depends only on the bytes since the previous cut (compute/fastcdc.ts),
 * and every block start is such a reset point. Inside a part the blocks are the single stream's;
 * only the last block of a part ends at a forced cut. From the start of that block, the bytes are
 * chunked again across the edge until a cut lands on the start of a stored block: from there the
 * stored blocks are the single stream's again. Usually two or three blocks per edge are read and
 * two or three written. (Blocks that are not the chunker's, e.g. from UploadPartCopy, only make the
 * new list less similar to a PUT's, never wrong: the bytes are covered exactly, in order.)
 *
 * The result is one new blob for the whole object; the version's segments move to it, each at its
 * own `start` (VersionSegment.blobOffset), so parts, ETags and checksums are unchanged. Ownership:
 *  1. the new blob gets a 'write' intent owned by the version before any reference is written, and
 *     is committed before the move, so no sweeper can abandon a blob a version is about to use. A
 *     crash before the commit leaves it to the sweeper (the version's segments do not name it), one
 *     between the commit and the move to the reachability sweep;
 *  2. the old blobs get 'release' intents owned by the version, then one conditional batch moves the
 *     segments, only if each still names the blob it was read with (a deleted version has no rows:
 *     nothing moves, and the new blob is freed);
 *  3. after the move the old blobs are freed; a crash leaves their intents, and the sweeper frees them
 *     because the version no longer names them. Then the new blob's intent goes, unless the version
 *     was deleted meanwhile by a delete that read the old segments (then the new blob is freed too).
 *     A reader that read the old segments before the move keeps its blocks through the collector's
 *     grace period, as after an overwrite.
 */
export async function rechunkPartEdges(versionId: string, deps: PartEdgeDeps): Promise<RechunkOutcome> {
  const segments = await deps.versions.segments(versionId);
  if (segments.length === 0) return 'gone';
  if (segments.length < 2 || segments.some((s) => s.blobOffset !== undefined)) return 'unchanged';
  const blocks = await placedBlocks(segments, deps.blobs);
  // Re-cut blocks would be written in the clear: an encrypted object keeps its part edges.
  if (blocks.some((b) => b.encrypted)) return 'unchanged';
  const total = segments.reduce((n, s) => n + s.size, 0);
  const blobId = deps.blobs.newId();
  const owner = versionOwner(versionId);
  await deps.blobs.begin(blobId);
  await deps.blobs.addIntent(blobId, 'write', owner);
  try {
    const size = await writeSingleStreamBlocks(blocks, blobId, deps);
    if (size !== total) throw new Error(`re-chunked ${size} bytes of a ${total}-byte version`);
    if (!(await deps.blobs.commit(blobId, size))) throw new Error('re-chunked blob was abandoned');
  } catch (err) {
    if (await deps.blobs.abandon(blobId)) await freeBlob(blobId, deps);
    await deps.blobs.removeIntent(blobId, 'write');
    throw err;
  }
  for (const s of segments) await deps.blobs.addIntent(s.blobId, 'release', owner);
  if (!(await deps.versions.moveSegments(versionId, segments, blobId))) {
    // Deleted or changed meanwhile; the old blobs' intents are left to the sweeper's owner check.
    await freeBlob(blobId, deps);
    await deps.blobs.removeIntent(blobId, 'write');
    return 'gone';
  }
  for (const s of segments) {
    await freeBlob(s.blobId, deps);
    await deps.blobs.removeIntent(s.blobId, 'release');
  }
  // A delete that read the old segments just before the move freed the old blobs and then deleted
  // the rows: the new blob is then ours to free. (A delete between this look and its own row
  // delete leaves it to the reachability sweep.)
  const kept = (await deps.versions.segments(versionId)).some((s) => s.blobId === blobId);
  if (!kept) await freeBlob(blobId, deps);
  await deps.blobs.removeIntent(blobId, 'write');
  return kept ? 'rechunked' : 'gone';
}

async function placedBlocks(segments: readonly VersionSegment[], blobs: BlobRows): Promise<PlacedBlock[]> {
  const out: PlacedBlock[] = [];
  for (const segment of segments) {
    for await (const b of blobs.blocks(segment.blobId)) {
      const start = segment.start + b.offset;
      const forcedEnd = b.offset + b.size === segment.size;
      out.push({ hash: b.hash, size: b.size, start, forcedEnd, encrypted: b.sealed !== undefined });
    }
  }
  // The object's end is a cut for a single PUT too.
  if (out.length > 0) out[out.length - 1]!.forcedEnd = false;
  return out;
}

/**
 * Writes the new blob's rows and references: stored blocks are referenced (they are held by the
 * old blobs meanwhile), blocks cut anew around the edges are published like a PUT's. Returns the
 * bytes covered.
 */
async function writeSingleStreamBlocks(
  blocks: readonly PlacedBlock[],
  blobId: string,
  deps: PartEdgeDeps,
): Promise<number> {
  const params = resolveChunkerOptions(deps.chunking);
  const publisher = blockPublisher(deps, blobId);
  const startsAt = new Map(blocks.map((b, i) => [b.start, i]));
  const referenced = new Set<string>();
  let offset = 0;
  let batch: { row: BlobBlock; data?: Buffer }[] = [];
  const flush = async () => {
    // Rows before references: a failed blob is freed through its rows.
    await deps.blobs.addBlocks(
      blobId,
      batch.map((b) => b.row),
    );
    for (const { row, data } of batch) {
      if (referenced.has(row.hash)) continue;
      referenced.add(row.hash);
      if (data) await publisher.put(row.hash, data);
      else await referenceStored(row.hash, blobId, deps);
    }
    batch = [];
  };
  const add = async (hash: string, size: number, data?: Buffer) => {
    batch.push({ row: { offset, hash, size }, data });
    offset += size;
    if (batch.length >= ROW_BATCH) await flush();
  };

  let i = 0;
  while (i < blocks.length) {
    const block = blocks[i]!;
    if (!block.forcedEnd) {
      await add(block.hash, block.size);
      i++;
      continue;
    }
    // Chunk again from this block's start until a cut lands on a stored block's start.
    const state: ScanState = { length: 0, fp: 0 };
    let open: Buffer[] = [];
    let synced = -1;
    for (let j = i; j < blocks.length && synced < 0; j++) {
      const data = await deps.store.read(blocks[j]!.hash, blocks[j]!.size);
      let from = 0;
      while (from < data.length) {
        const cut = scanForCut(params, data, from, data.length, state);
        if (cut < 0) {
          open.push(data.subarray(from));
          break;
        }
        const piece = Buffer.concat([...open, data.subarray(from, cut)]);
        open = [];
        await add(hashBlock(piece).hash, piece.length, piece);
        from = cut;
        if (cut === data.length) synced = startsAt.get(blocks[j]!.start + cut) ?? -1;
      }
    }
    if (synced < 0) {
      // No cut lined up before the object's end: what is left is its last block.
      const rest = Buffer.concat(open);
      if (rest.length > 0) await add(hashBlock(rest).hash, rest.length, rest);
      i = blocks.length;
    } else {
      i = synced;
    }
  }
  await flush();
  return offset;
}
