import { Readable } from 'node:stream';
import type { Grant } from '../accounts/grants.js';
import type { BlockStore, ChunkerOptions } from '../blocks/index.js';
import type { HashPool } from '../compute/hash-pool.js';
import { S3Error } from '../errors.js';
import type { Logger } from '../logger.js';
import type { VersioningState } from '../metadata/bucket-repository.js';
import type { ObjectEncryption, ObjectVersion, VersionSegment } from '../metadata/object-types.js';
import type {
  BlobRows,
  BlockRefRows,
  BlockStateRows,
  FolderRows,
  GcQueueRows,
  LockRows,
  VersionRows,
} from '../metadata/ports.js';
import type { Tag } from '../metadata/tag-repository.js';
import { copyBlob } from './dedup/blob-copier.js';
import { type ByteRange, openObjectRange, readObjectRange } from './dedup/blob-reader.js';
import { freeBlob } from './dedup/blob-release.js';
import { type WrittenBlob, writeBlob } from './dedup/blob-writer.js';
import type { KeyRing } from './encryption/key-ring.js';
import { type NewVersion, newDeleteMarker } from './new-version.js';
import { checkDeletable, type LockOverride } from './object-lock.js';
import { underVersionLease } from './object-lock-store.js';
import type { RetentionClock } from './retention-clock.js';
import type { VersionSideData } from './version-side-data.js';

export type { NewVersion } from './new-version.js';

export interface ObjectStoreDeps {
  store: BlockStore;
  blobs: BlobRows;
  refs: BlockRefRows;
  states: BlockStateRows;
  gcQueue: GcQueueRows;
  versions: VersionRows;
  folders: FolderRows;
  sideData: VersionSideData;
  /** Leases: a delete by id in a lock bucket holds the key's (object-lock-store.ts). */
  locks: LockRows;
  /** The time Object Lock retention is judged at. */
  clock: RetentionClock;
  chunking: ChunkerOptions;
  /** SSE-S3 and SSE-KMS keys: blocks and inline bytes of encrypted versions are sealed with them. */
  keys: KeyRing;
  /** Threads for hashing bodies that arrive in shared slabs; absent in unit tests. */
  hashing?: HashPool;
  log: Logger;
}

export interface DeleteOutcome {
  /** True when the delete wrote a delete marker, or removed one by id. */
  deleteMarker: boolean;
  /** The marker written, or the version removed by id. */
  version: ObjectVersion | undefined;
}

export class BlobCommitError extends Error {
  constructor(blobId: string) {
    super(`blob ${blobId} was reclaimed before it could be committed`);
    this.name = 'BlobCommitError';
  }
}

/**
 * Objects on deduplicated blocks: write bytes, commit versions, read ranges, delete.
 * The ordering rules that keep shared blocks safe are in docs/ARCHITECTURE.md.
 */
export class ObjectStore {
  constructor(private readonly deps: ObjectStoreDeps) {}

  /**
   * Streams a body into blocks. The result is invisible until `commit` points a version at it.
   * A body that fails (bad signature or checksum, client gone) leaves nothing behind. With
   * `encryption`, every block is sealed under its key (storage/encryption/block-cipher.ts).
   */
  async writeBody(
    body: Readable,
    signal?: AbortSignal,
    encryption: ObjectEncryption | null = null,
  ): Promise<WrittenBlob> {
    const blobId = this.deps.blobs.newId();
    try {
      return await writeBlob(blobId, body, this.deps, signal, this.deps.keys.cipherFor(encryption));
    } catch (err) {
      await this.discardBlob(blobId).catch((e: unknown) =>
        this.deps.log.warn({ err: e, blobId }, 'discard failed; left to the sweeper'),
      );
      throw err;
    }
  }

  /**
   * Makes a version visible: record the owner on the blobs' intents, commit the version, then
   * commit the blobs (an LWT the sweeper competes for). In an unversioned bucket the versions this
   * one supersedes are released afterwards. `fields.inline` is plaintext; it is stored sealed when
   * the version is encrypted.
   */
  async commit(fields: NewVersion, parts: readonly Omit<VersionSegment, 'start'>[]): Promise<ObjectVersion> {
    const { versions, blobs } = this.deps;
    const versionId = versions.newVersionId();
    const cipher = this.deps.keys.cipherFor(fields.encryption);
    const inline = fields.inline && cipher ? cipher.sealInline(fields.inline) : fields.inline;
    const version: ObjectVersion = { ...fields, inline, versionId, lastModified: new Date() };
    const placed: VersionSegment[] = [];
    let start = 0;
    for (const p of parts) {
      placed.push({ ...p, start });
      start += p.size;
    }
    // Parts copied from a re-chunked object share one blob: it is committed once, whole.
    const blobSizes = blobEnds(placed);
    for (const blobId of blobSizes.keys()) await blobs.addIntent(blobId, 'write', `v:${versionId}`);
    await versions.commitVersion(version, placed);
    for (const [blobId, size] of blobSizes) {
      if (!(await blobs.commit(blobId, size))) {
        // Its blocks are gone, so the version goes whatever its lock: it never held bytes.
        await this.release([version], () => versions.deleteVersion(version.bucket, version.key, versionId));
        throw new BlobCommitError(blobId);
      }
      await blobs.removeIntent(blobId, 'write');
    }
    await this.releaseOlderVersions(version);
    return version;
  }

  /**
   * Copies a version's parts by reference into new blobs (no byte copied), ready for `commit`:
   * each blob once, so parts that share one (re-chunked edges) share its copy. A blob that comes
   * out shorter than its parts was freed meanwhile (the source was deleted): NoSuchKey. On failure
   * every new blob is discarded.
   */
  async copySegments(parts: readonly VersionSegment[]): Promise<Omit<VersionSegment, 'start'>[]> {
    const needed = blobEnds(parts);
    const copies = new Map<string, string>();
    try {
      for (const [source, size] of needed) {
        const blobId = this.deps.blobs.newId();
        copies.set(source, blobId);
        const copied = await copyBlob(source, blobId, this.deps);
        if (copied.size < size) {
          throw new S3Error('NoSuchKey', 'The copy source changed while it was being copied.');
        }
      }
    } catch (err) {
      for (const blobId of copies.values()) await this.discardBlob(blobId);
      throw err;
    }
    return parts.map((p) => ({
      partNumber: p.partNumber,
      blobId: copies.get(p.blobId)!,
      size: p.size,
      etag: p.etag,
      checksum: p.checksum,
      ...(p.blobOffset === undefined ? {} : { blobOffset: p.blobOffset }),
    }));
  }

  /** An id for a version whose blobs must be protected by intents naming it before it exists. */
  newVersionId(): string {
    return this.deps.versions.newVersionId();
  }

  /**
   * Makes a version visible whose blobs were committed earlier and handed over by the caller
   * (CompleteMultipartUpload: the parts' blobs, protected by transfer intents meanwhile).
   */
  async adopt(
    version: ObjectVersion,
    parts: readonly Omit<VersionSegment, 'start'>[],
  ): Promise<VersionSegment[]> {
    let start = 0;
    const placed = parts.map((p) => {
      const part = { ...p, start };
      start += p.size;
      return part;
    });
    await this.deps.versions.commitVersion(version, placed);
    await this.releaseOlderVersions(version);
    return placed;
  }

  current(bucket: string, key: string): Promise<ObjectVersion | undefined> {
    return this.deps.versions.current(bucket, key);
  }

  /** The segments of a version in order: one per part of a multipart object, one for a PUT. */
  segments(version: ObjectVersion): Promise<VersionSegment[]> {
    return this.deps.versions.segments(version.versionId);
  }

  read(parts: readonly VersionSegment[], range: ByteRange): Readable {
    return readObjectRange(parts, range, this.deps);
  }

  /** Bytes [start, end] of a version, from its row when it is stored inline, else from its blocks. */
  async open(version: ObjectVersion, range: ByteRange): Promise<Readable> {
    const inline = this.inlineBytes(version);
    if (inline) return Readable.from([inline.subarray(range.start, range.end + 1)]);
    const stream = await openObjectRange(await this.segments(version), range, this.deps);
    // Deleted after its row was read: the caller could read the key a moment ago, so saying it is
    // gone tells nothing the bucket's listing rule hides.
    if (!stream)
      throw new S3Error('NoSuchKey', 'The object was deleted while it was being read.', { Key: version.key });
    return stream;
  }

  /** The plaintext of an inline version (opened when it is sealed); null when it has blocks. */
  inlineBytes(version: ObjectVersion): Buffer | null {
    if (!version.inline) return null;
    return version.encryption
      ? this.deps.keys.cipherOf(version.inline).openInline(version.inline)
      : version.inline;
  }

  /**
   * DELETE without a version id. Unversioned: the key disappears and every version written before
   * now is released. Enabled: a delete marker becomes the newest version. Suspended: a "null"
   * delete marker replaces the null version.
   */
  async deleteObject(bucket: string, key: string, versioning: VersioningState): Promise<DeleteOutcome> {
    if (versioning === 'Unversioned') {
      const now = new Date();
      const { versions } = this.deps;
      // Unlisting and deleting the rows are one batch: a crash between the two would leave
      // versions nothing lists, whose blocks nothing would ever free.
      const doomed = (await versions.versions(bucket, key)).filter(
        (v) => v.lastModified.getTime() <= now.getTime(),
      );
      // A lock bucket is never unversioned; this only guards a version locked some other way.
      for (const v of doomed) checkDeletable(v, this.deps.clock.now());
      const ids = doomed.map((v) => v.versionId);
      await this.release(doomed, () => versions.unlist(bucket, key, now, ids));
      await this.deps.folders.pruneEmptyFolders(bucket, key);
      return { deleteMarker: false, version: undefined };
    }
    const marker = await this.commit(newDeleteMarker(bucket, key, versioning === 'Suspended'), []);
    await this.deps.folders.pruneEmptyFolders(bucket, key);
    return { deleteMarker: true, version: marker };
  }

  /**
   * DELETE of one version by id: removes it for good (a delete marker too, which restores the
   * version below it), then re-lists the key from its newest remaining version. A version Object
   * Lock protects is refused (AccessDenied); in a lock bucket (`lockBucket`) the check and the
   * delete run under the key's lease, so a retention extended meanwhile is seen.
   */
  async deleteVersion(
    bucket: string,
    key: string,
    versionId: string,
    opts: LockOverride & { lockBucket?: boolean } = {},
  ): Promise<DeleteOutcome> {
    const { versions } = this.deps;
    const remove = async (version: ObjectVersion | undefined) => {
      if (version) await this.releaseVersion(version, opts);
      return version;
    };
    const version =
      opts.lockBucket && versionId !== 'null'
        ? await underVersionLease(this.deps, { bucket, key, versionId }, remove)
        : await remove(await this.version(bucket, key, versionId));
    if (!version) return { deleteMarker: false, version: undefined };
    const latest = await versions.relist(bucket, key, new Date());
    if (!latest || latest.isDeleteMarker) await this.deps.folders.pruneEmptyFolders(bucket, key);
    return { deleteMarker: version.isDeleteMarker, version };
  }

  version(bucket: string, key: string, versionId: string): Promise<ObjectVersion | undefined> {
    return versionId === 'null'
      ? this.deps.versions.nullVersion(bucket, key)
      : this.deps.versions.version(bucket, key, versionId);
  }

  /** The version's explicit ACL (undefined: private); side data owned by `VersionSideData`. */
  grants(version: ObjectVersion) {
    return this.deps.sideData.grants(version);
  }

  setGrants(version: Pick<ObjectVersion, 'bucket' | 'key' | 'versionId'>, grants: readonly Grant[]) {
    return this.deps.sideData.setGrants(version, grants);
  }

  /** The version's tags in key order ([]: none); side data owned by `VersionSideData`. */
  tags(version: Pick<ObjectVersion, 'bucket' | 'key' | 'versionId'>) {
    return this.deps.sideData.tags(version);
  }

  setTags(version: Pick<ObjectVersion, 'bucket' | 'key' | 'versionId'>, tags: readonly Tag[]) {
    return this.deps.sideData.setTags(version, tags);
  }

  /**
   * Deletes a version and its side data (one batch) and frees its blobs, unless Object Lock
   * protects it (legal hold, retention: AccessDenied). Every path that deletes a version comes
   * here. A 'release' intent is written first, so a crash after the version is gone still ends
   * with its blocks collected; the sweeper checks the owner is gone.
   */
  async releaseVersion(version: ObjectVersion, override: LockOverride = {}): Promise<void> {
    checkDeletable(version, this.deps.clock.now(), override);
    const { bucket, key, versionId } = version;
    await this.release([version], () => this.deps.versions.deleteVersion(bucket, key, versionId));
  }

  /** releaseVersion of several versions whose rows `deleteRows` deletes at once. */
  private async release(doomed: readonly ObjectVersion[], deleteRows: () => Promise<void>): Promise<void> {
    const { versions, blobs } = this.deps;
    const blobIds = new Set<string>();
    for (const v of doomed) {
      // An inline version (or a delete marker) has no segments: no read for them.
      if (v.inline || v.isDeleteMarker) continue;
      for (const p of await versions.segments(v.versionId)) {
        if (blobIds.has(p.blobId)) continue; // parts that share one blob
        await blobs.addIntent(p.blobId, 'release', `v:${v.versionId}`);
        blobIds.add(p.blobId);
      }
    }
    // The versions' side data (ACLs) goes in the same batch as their rows.
    await deleteRows();
    for (const blobId of blobIds) {
      await freeBlob(blobId, this.deps);
      await blobs.removeIntent(blobId, 'release');
    }
  }

  /** Releases a blob that never became part of a version (a failed request). */
  async discardBlob(blobId: string): Promise<void> {
    if (await this.deps.blobs.abandon(blobId)) await freeBlob(blobId, this.deps);
    await this.deps.blobs.removeIntent(blobId, 'write');
  }

  /**
   * A key has at most one "null" version: writing one (versioning off or suspended) releases the
   * older null versions. Versions with ids (versioning enabled) are kept until deleted by id.
   */
  private async releaseOlderVersions(version: ObjectVersion): Promise<void> {
    if (!version.nullVersion) return;
    const all = await this.deps.versions.versions(version.bucket, version.key);
    for (const v of all) {
      if (v.nullVersion && isOlder(v.versionId, version.versionId)) await this.releaseVersion(v);
    }
  }
}

/** Timeuuid order: the versions table clusters by it, newest first. */
function isOlder(a: string, b: string): boolean {
  return timeuuidMicros(a) < timeuuidMicros(b);
}

/** Each distinct blob of `parts`, with where the last of its segments ends in it. */
function blobEnds(parts: readonly Omit<VersionSegment, 'start'>[]): Map<string, number> {
  const ends = new Map<string, number>();
  for (const p of parts) ends.set(p.blobId, Math.max(ends.get(p.blobId) ?? 0, (p.blobOffset ?? 0) + p.size));
  return ends;
}

function timeuuidMicros(id: string): bigint {
  const [low = '', mid = '', high = ''] = id.split('-');
  return BigInt(`0x${high.slice(1)}${mid}${low}`);
}
