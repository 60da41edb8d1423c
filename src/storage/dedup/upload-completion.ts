import { S3Error } from '../../errors.js';
import type { CompletedUpload } from '../../metadata/completed-upload-repository.js';
import type { ObjectVersion, Retention, StoredChecksum } from '../../metadata/object-types.js';
import type {
  BlobRows,
  CompletedUploadRows,
  LockRows,
  RechunkQueueRows,
  UploadRows,
  VersionRows,
} from '../../metadata/ports.js';
import type { MultipartUpload, UploadedPart } from '../../metadata/upload-repository.js';
import { newVersion } from '../new-version.js';
import type { ObjectStore } from '../object-store.js';
import { partOwner, transferOwner } from './blob-owners.js';
import { withUploadLease } from './upload-lease.js';

/** What a Complete reads and writes. */
export interface CompletionDeps {
  uploads: UploadRows;
  completions: CompletedUploadRows;
  versions: VersionRows;
  blobs: BlobRows;
  locks: LockRows;
  rechunks: RechunkQueueRows;
  objects: Pick<ObjectStore, 'newVersionId' | 'adopt'>;
}

/** What the S3 layer decided from the request: the object's parts in order, its ETag and checksum. */
export interface CompletionChoice {
  parts: UploadedPart[];
  etag: string;
  checksum: StoredChecksum | null;
}

export type CompletionResult = CompletedUpload;

/** The upload to complete and what the bucket decides about the version it makes. */
export type CompletionTarget = Pick<MultipartUpload, 'bucket' | 'key' | 'uploadId'> & {
  nullVersion: boolean;
  /** The lock bucket's default retention as of this Complete, for an upload that named none. */
  defaultRetention?: Retention;
};

/**
 * Transfer intents are only trusted while far younger than the sweeper's release age (300 s):
 * the sweeper skips younger intents, so it cannot judge one during the short moment when neither
 * the part rows nor the version hold the blobs.
 */
const TRANSFER_DEADLINE_MS = 60_000;
const CHECK_CONCURRENCY = 32;

/**
 * CompleteMultipartUpload, metadata only: the version's parts are the part blobs. Under the lease:
 *  1. a retry of a finished Complete returns its record;
 *  2. the parts are chosen and validated (`choose`, S3 rules) and must carry no pending intent:
 *     an intent would be a crashed Abort or part replacement whose sweeper check may still be
 *     running against the part rows we are about to delete (the sweeper removes an intent only
 *     after its owner check, so "no intent now" means every such check already saw the parts);
 *  3. the result is recorded, then each chosen blob gets a release intent owned by
 *     `t:<upload>:<n>:<version>` ("kept while the part row or the version holds it"), unlisted
 *     parts get `p:` release intents;
 *  4. the part rows are deleted BEFORE the version is committed. So at no moment do a part row and
 *     a version both hold a blob: an Abort, an expiry or a crash recovery that runs later finds no
 *     part to free, and can never free a block a version uses, however long after. A crash between
 *     the two steps loses this upload's parts (the sweeper frees them through the `t:` intents),
 *     never an object;
 *  5. the version is committed, the upload row deleted, the transfer intents dropped; the unlisted
 *     blobs are freed after the lease is released.
 */
export async function completeUpload(
  deps: CompletionDeps,
  target: CompletionTarget,
  choose: (upload: MultipartUpload, parts: UploadedPart[]) => Promise<CompletionChoice>,
  release: (blobId: string) => Promise<void>,
): Promise<CompletionResult> {
  const { uploads } = deps;
  const { bucket, key, uploadId } = target;
  const outcome = await withUploadLease(deps.locks, uploadId, async () => {
    const upload = await uploads.get(bucket, key, uploadId);
    const record = await deps.completions.get(uploadId);
    if (!upload) {
      if (record && record.bucket === bucket && record.key === key) return { result: record, unlisted: [] };
      throw new S3Error('NoSuchUpload', undefined, { UploadId: uploadId });
    }
    if (record && (await deps.versions.version(bucket, key, record.versionId))) {
      // A Complete that crashed after its version went live left only the upload row.
      await uploads.delete(bucket, key, uploadId);
      return { result: record, unlisted: [] };
    }
    const all = await uploads.parts(uploadId);
    const choice = await choose(upload, all);
    await ensureNoIntents(deps, choice.parts);
    return transfer(deps, upload, all, choice, target);
  });
  for (const p of outcome!.unlisted) await release(p.blobId);
  return outcome!.result;
}

async function transfer(
  deps: CompletionDeps,
  upload: MultipartUpload,
  all: UploadedPart[],
  choice: CompletionChoice,
  target: CompletionTarget,
): Promise<{ result: CompletionResult; unlisted: UploadedPart[] }> {
  const { uploads, blobs, objects } = deps;
  const { bucket, key, uploadId } = upload;
  const versionId = objects.newVersionId();
  const result: CompletionResult = {
    uploadId,
    bucket,
    key,
    versionId,
    etag: choice.etag,
    checksum: choice.checksum,
  };
  await deps.completions.record(result);
  const started = Date.now();
  for (const p of choice.parts) {
    await blobs.addIntent(p.blobId, 'release', transferOwner(uploadId, p.partNumber, versionId));
  }
  const chosen = new Set(choice.parts.map((p) => p.partNumber));
  const unlisted = all.filter((p) => !chosen.has(p.partNumber));
  for (const p of unlisted) await blobs.addIntent(p.blobId, 'release', partOwner(uploadId, p.partNumber));
  if (Date.now() - started > TRANSFER_DEADLINE_MS) {
    // Nothing moved yet: the sweeper sees every intent owned by its part row and drops it.
    throw new S3Error('ServiceUnavailable', 'Completing the upload took too long; retry.');
  }
  await uploads.deleteParts(uploadId);
  await objects.adopt(
    completedVersion(upload, versionId, choice, target),
    choice.parts.map((p, i) => ({
      partNumber: i + 1,
      blobId: p.blobId,
      size: p.size,
      etag: p.etag,
      checksum: p.checksum,
    })),
  );
  // Its part edges are re-chunked in the background (part-edges.ts); a crash before this line
  // only leaves them as uploaded.
  if (choice.parts.length > 1) await deps.rechunks.enqueue({ bucket, key, versionId });
  await uploads.delete(bucket, key, uploadId);
  for (const p of choice.parts) await blobs.removeIntent(p.blobId, 'release');
  return { result, unlisted };
}

/** The version a Complete makes, built like every other write's (new-version.ts). */
function completedVersion(
  upload: MultipartUpload,
  versionId: string,
  choice: CompletionChoice,
  target: CompletionTarget,
): ObjectVersion {
  const retention = upload.lock?.retention ?? target.defaultRetention;
  const fields = newVersion({
    bucket: upload.bucket,
    key: upload.key,
    size: choice.parts.reduce((sum, p) => sum + p.size, 0),
    etag: choice.etag,
    contentType: upload.contentType,
    headers: upload.headers,
    userMeta: upload.userMeta,
    checksum: choice.checksum,
    partsCount: choice.parts.length,
    nullVersion: target.nullVersion,
    encryption: upload.encryption ?? null,
    ...(retention ? { retention } : {}),
    ...(upload.lock?.legalHold !== undefined ? { legalHold: upload.lock.legalHold } : {}),
  });
  return { ...fields, versionId, lastModified: new Date() };
}

async function ensureNoIntents(deps: CompletionDeps, parts: readonly UploadedPart[]): Promise<void> {
  for (let i = 0; i < parts.length; i += CHECK_CONCURRENCY) {
    const slice = parts.slice(i, i + CHECK_CONCURRENCY);
    const pending = await Promise.all(slice.map((p) => deps.blobs.hasIntent(p.blobId)));
    if (pending.some(Boolean)) {
      throw new S3Error(
        'ServiceUnavailable',
        'An earlier request on this upload did not finish; it is being cleaned up. Retry later.',
      );
    }
  }
}
