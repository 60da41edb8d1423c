import { S3Error } from '../errors.js';
import type { Logger } from '../logger.js';
import type { ObjectEncryption, VersionSegment } from '../metadata/object-types.js';
import type { UploadRows } from '../metadata/ports.js';
import type { MultipartUpload, UploadCursor, UploadedPart } from '../metadata/upload-repository.js';
import { partOwner } from './dedup/blob-owners.js';
import type { ByteRange } from './dedup/blob-reader.js';
import { freeBlob, type ReleaseDeps } from './dedup/blob-release.js';
import type { WrittenBlob } from './dedup/blob-writer.js';
import { copyBlobRange, type PartCopierDeps } from './dedup/part-copier.js';
import {
  type CompletionChoice,
  type CompletionDeps,
  type CompletionResult,
  type CompletionTarget,
  completeUpload,
} from './dedup/upload-completion.js';
import { withUploadLease } from './dedup/upload-lease.js';
import { BlobCommitError, type ObjectStore } from './object-store.js';

/** Uploads read per page when a bucket's uploads are aborted. */
const ABORT_PAGE = 100;

export interface MultipartDeps extends ReleaseDeps, PartCopierDeps, CompletionDeps {
  uploads: UploadRows;
  objects: ObjectStore;
  log: Logger;
}

/**
 * Multipart uploads on deduplicated blobs. Each part is a blob owned by `p:<uploadId>:<n>` while
 * the upload is open; Complete hands the blobs to a version without touching a byte. Every step
 * that changes who owns a part's blob runs under the upload's lease and writes its intent first,
 * so a crash at any point leaves something the intent sweeper finishes (src/storage/blob-owners.ts).
 */
export class MultipartStore {
  constructor(private readonly deps: MultipartDeps) {}

  newUploadId(): string {
    return this.deps.uploads.newId();
  }

  create(upload: MultipartUpload): Promise<void> {
    return this.deps.uploads.create(upload);
  }

  get(bucket: string, key: string, uploadId: string): Promise<MultipartUpload | undefined> {
    return this.deps.uploads.get(bucket, key, uploadId);
  }

  parts(uploadId: string, after?: number, limit?: number): Promise<UploadedPart[]> {
    return this.deps.uploads.parts(uploadId, after, limit);
  }

  list(bucket: string, from: UploadCursor, endKey: string | undefined, limit: number) {
    return this.deps.uploads.list(bucket, from, endKey, limit);
  }

  /** Every open upload of every bucket (the expiry task's scan). */
  all(): AsyncGenerator<MultipartUpload> {
    return this.deps.uploads.all();
  }

  /** A PENDING blob made of `range` of an object, by reference (part-copier.ts); discarded on failure. */
  async copyRange(
    parts: readonly VersionSegment[],
    range: ByteRange,
    encryption: ObjectEncryption | null = null,
  ): Promise<WrittenBlob> {
    const blobId = this.deps.blobs.newId();
    try {
      return await copyBlobRange(blobId, parts, range, this.deps, this.deps.keys.cipherFor(encryption));
    } catch (err) {
      await this.deps.objects.discardBlob(blobId);
      throw err;
    }
  }

  /**
   * Points part `n` at a freshly written (PENDING) blob. The replaced blob gets its release intent
   * before the row moves, so a crash in between keeps it (the row still names it) or frees it (the
   * row names the new one). A blob that arrives after the upload ended is discarded.
   */
  async commitPart(upload: MultipartUpload, part: Omit<UploadedPart, 'lastModified'>): Promise<void> {
    const { uploads, blobs } = this.deps;
    const { uploadId } = upload;
    const owner = partOwner(uploadId, part.partNumber);
    let entered = false;
    const outcome = await withUploadLease(this.deps.locks, uploadId, async () => {
      entered = true;
      if (!(await uploads.get(upload.bucket, upload.key, uploadId))) return 'gone' as const;
      const old = await uploads.part(uploadId, part.partNumber);
      if (old) await blobs.addIntent(old.blobId, 'release', owner);
      await blobs.addIntent(part.blobId, 'write', owner);
      await uploads.putPart(uploadId, { ...part, lastModified: new Date() });
      if (!(await blobs.commit(part.blobId, part.size))) {
        // The sweeper reclaimed the blob (a write slower than the orphan age): put the old part back.
        if (old) await uploads.putPart(uploadId, old);
        else await uploads.deletePart(uploadId, part.partNumber);
        if (old) await blobs.removeIntent(old.blobId, 'release');
        throw new BlobCommitError(part.blobId);
      }
      await blobs.removeIntent(part.blobId, 'write');
      return old;
    }).catch(async (err: unknown) => {
      // Without the lease nothing pointed at the blob yet; after it, the sweeper judges by owner.
      if (!entered) await this.deps.objects.discardBlob(part.blobId);
      throw err;
    });
    if (outcome === 'gone') {
      await this.deps.objects.discardBlob(part.blobId);
      throw new S3Error('NoSuchUpload', undefined, { UploadId: uploadId });
    }
    if (outcome) await this.release(outcome.blobId);
  }

  /**
   * Aborts an upload: release intents on every part blob, then the part rows go (from here the
   * sweeper would free the blobs), then the upload row, then the blobs are freed. Returns false
   * when the upload does not exist, or (with `waitMs` 0) when another request holds it.
   */
  async abort(bucket: string, key: string, uploadId: string, waitMs?: number): Promise<boolean> {
    const { uploads, blobs } = this.deps;
    const parts = await withUploadLease(
      this.deps.locks,
      uploadId,
      async () => {
        if (!(await uploads.get(bucket, key, uploadId))) return undefined;
        const all = await uploads.parts(uploadId);
        for (const p of all) await blobs.addIntent(p.blobId, 'release', partOwner(uploadId, p.partNumber));
        await uploads.deleteParts(uploadId);
        await uploads.delete(bucket, key, uploadId);
        return all;
      },
      waitMs,
    );
    if (!parts) return false;
    for (const p of parts) await this.release(p.blobId);
    return true;
  }

  /**
   * Aborts every open upload of a bucket (DeleteBucket), a page at a time; returns how many. An
   * upload another request holds is waited for as any Abort waits.
   */
  async abortAll(bucket: string): Promise<number> {
    let aborted = 0;
    for (;;) {
      const page = await this.deps.uploads.list(bucket, { key: '', inclusive: true }, undefined, ABORT_PAGE);
      let progress = 0;
      for (const u of page) if (await this.abort(bucket, u.key, u.uploadId)) progress++;
      aborted += progress;
      // Aborted uploads leave the listing; a page where none could be aborted would come back.
      if (page.length < ABORT_PAGE || progress === 0) return aborted;
    }
  }

  /** See upload-completion.ts. */
  complete(
    upload: CompletionTarget,
    choose: (upload: MultipartUpload, parts: UploadedPart[]) => Promise<CompletionChoice>,
  ): Promise<CompletionResult> {
    return completeUpload(this.deps, upload, choose, (blobId) => this.release(blobId));
  }

  /** Frees a blob whose release intent is already written, then drops the intent. */
  private async release(blobId: string): Promise<void> {
    await freeBlob(blobId, this.deps);
    await this.deps.blobs.removeIntent(blobId, 'release');
  }
}
