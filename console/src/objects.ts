import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

/** The SDK's calls the console makes, in the console's words. */

export interface BucketSummary {
  name: string;
  createdAt: Date | undefined;
}

export async function listBuckets(s3: S3Client): Promise<BucketSummary[]> {
  const out = await s3.send(new ListBucketsCommand({}));
  return (out.Buckets ?? []).map((b) => ({ name: b.Name ?? '', createdAt: b.CreationDate }));
}

export async function createBucket(s3: S3Client, name: string): Promise<void> {
  await s3.send(new CreateBucketCommand({ Bucket: name }));
}

export async function deleteBucket(s3: S3Client, name: string): Promise<void> {
  await s3.send(new DeleteBucketCommand({ Bucket: name }));
}

/** A folder is an empty object whose key ends in '/', as the S3 console makes them. */
export async function createFolder(s3: S3Client, bucket: string, prefix: string): Promise<void> {
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: prefix, Body: '' }));
}

export async function deleteObject(s3: S3Client, bucket: string, key: string): Promise<void> {
  await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
}

/** Deletes every key under `prefix` (the folder marker too), 1000 keys a request. */
export async function deleteFolder(s3: S3Client, bucket: string, prefix: string): Promise<number> {
  let deleted = 0;
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    const keys = (page.Contents ?? []).map((o) => ({ Key: o.Key ?? '' }));
    if (keys.length > 0) {
      const out = await s3.send(
        new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys, Quiet: true } }),
      );
      const failed = out.Errors ?? [];
      if (failed.length > 0)
        throw new Error(`${failed.length} objects could not be deleted: ${failed[0]?.Code}`);
      deleted += keys.length;
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return deleted;
}

export async function contentTypeOf(s3: S3Client, bucket: string, key: string): Promise<string> {
  const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  return head.ContentType ?? 'application/octet-stream';
}

export interface LinkOptions {
  expiresIn: number;
  /** Served with this type whatever the object says (previews never render HTML from a bucket). */
  contentType?: string;
  /** Served as an attachment with this file name. */
  downloadAs?: string;
}

/** A presigned GET, signed here: a share link, a download or a preview's source. */
export function presignedGet(s3: S3Client, bucket: string, key: string, opts: LinkOptions): Promise<string> {
  return getSignedUrl(
    s3,
    new GetObjectCommand({
      Bucket: bucket,
      Key: key,
      ResponseContentType: opts.contentType,
      ResponseContentDisposition: opts.downloadAs
        ? `attachment; filename*=UTF-8''${encodeURIComponent(opts.downloadAs)}`
        : undefined,
    }),
    { expiresIn: opts.expiresIn },
  );
}

/** S3's smallest part but the last; 4 parts in flight at a time. */
export const PART_SIZE = 5 * 1024 * 1024;
export const PARTS_IN_FLIGHT = 4;

/**
 * Uploads one file: a single PUT below one part, else a multipart upload with parts sent in
 * parallel (lib-storage aborts the upload if a part fails). `progress` gets the bytes sent so far.
 */
export async function uploadFile(
  s3: S3Client,
  bucket: string,
  key: string,
  file: File,
  progress: (loaded: number) => void,
): Promise<void> {
  const upload = new Upload({
    client: s3,
    params: { Bucket: bucket, Key: key, Body: file, ContentType: file.type || undefined },
    partSize: PART_SIZE,
    queueSize: PARTS_IN_FLIGHT,
    leavePartsOnError: false,
  });
  upload.on('httpUploadProgress', (p) => progress(p.loaded ?? 0));
  await upload.done();
  progress(file.size);
}
