import {
  GetObjectCommand,
  type GetObjectCommandInput,
  type GetObjectCommandOutput,
  HeadBucketCommand,
  HeadObjectCommand,
  type S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';

type ReadOptions = Omit<GetObjectCommandInput, 'Bucket' | 'Key'>;

/** GETs an object and reads its whole body. */
export async function getObject(
  s3: S3Client,
  bucket: string,
  key: string,
  opts: ReadOptions = {},
): Promise<{ res: GetObjectCommandOutput; body: Buffer }> {
  const res = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, ...opts }));
  return { res, body: Buffer.from(await res.Body!.transformToByteArray()) };
}

export async function objectBytes(s3: S3Client, bucket: string, key: string, opts: ReadOptions = {}) {
  return (await getObject(s3, bucket, key, opts)).body;
}

export async function objectText(s3: S3Client, bucket: string, key: string, opts: ReadOptions = {}) {
  return (await objectBytes(s3, bucket, key, opts)).toString('utf8');
}

/** HEAD of the object: true on 200, false on 404; any other answer fails the test. */
export async function objectExists(s3: S3Client, bucket: string, key: string): Promise<boolean> {
  return absentOn404(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key })));
}

/** HEAD of the bucket: true on 200, false on 404; any other answer fails the test. */
export async function bucketExists(s3: S3Client, bucket: string): Promise<boolean> {
  return absentOn404(s3.send(new HeadBucketCommand({ Bucket: bucket })));
}

async function absentOn404(head: Promise<unknown>): Promise<boolean> {
  try {
    await head;
    return true;
  } catch (err) {
    if (err instanceof S3ServiceException && err.$metadata.httpStatusCode === 404) return false;
    throw err;
  }
}
