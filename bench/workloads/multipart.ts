import { pseudoRandom } from '../lib/data.js';
import { runLoad } from '../lib/load.js';
import type { S3Ops } from '../lib/s3-ops.js';
import {
  type Metric,
  mibPerSecond,
  sizeLabel,
  step,
  type Workload,
  type WorkloadContext,
} from './workload.js';

const BUCKET = 'bench-multipart';

/** Uploads `data` as a multipart upload of `partSize` parts, `parallel` parts at a time. */
export async function multipartUpload(
  s3: S3Ops,
  bucket: string,
  key: string,
  data: Buffer,
  partSize: number,
  parallel: number,
): Promise<void> {
  const uploadId = await s3.createMultipart(bucket, key);
  const parts = Math.ceil(data.length / partSize);
  const etags: string[] = new Array(parts);
  await runLoad(parallel, { total: parts }, async (i) => {
    const body = data.subarray(i * partSize, (i + 1) * partSize);
    etags[i] = await s3.uploadPart(bucket, key, uploadId, i + 1, body);
  });
  await s3.completeMultipart(bucket, key, uploadId, etags);
}

/** One big multipart upload, then a check that the object has the right size. */
export const multipart: Workload = {
  id: 'multipart',
  title: 'Multipart upload',
  async run(ctx: WorkloadContext): Promise<Metric[]> {
    const { s3, scale } = ctx;
    await s3.createBucket(BUCKET);
    const data = pseudoRandom(scale.multipartObject, 'multipart');
    const name =
      `multipart ${sizeLabel(scale.multipartObject)}, ${sizeLabel(scale.multipartPart)} parts, ` +
      `${scale.multipartParallel} parallel`;
    const m = await step(name, 'MiB/s', 'higher', async () => {
      const t0 = performance.now();
      await multipartUpload(s3, BUCKET, 'mp', data, scale.multipartPart, scale.multipartParallel);
      const seconds = (performance.now() - t0) / 1000;
      const size = await s3.head(BUCKET, 'mp');
      if (size !== data.length) throw new Error(`HEAD says ${size} bytes, expected ${data.length}`);
      return mibPerSecond(data.length, seconds);
    });
    return [m];
  },
};
