import { pseudoRandom } from '../lib/data.js';
import { runLoad } from '../lib/load.js';
import {
  type Metric,
  mibPerSecond,
  sizeLabel,
  step,
  type Workload,
  type WorkloadContext,
} from './workload.js';

const BUCKET = 'bench-large';
const MID_BUCKET = 'bench-concurrent';

/** Single-stream PUT then GET of one big object. */
export const singleStream: Workload = {
  id: 'single',
  title: 'Single stream',
  async run(ctx) {
    const { s3, scale } = ctx;
    await s3.createBucket(BUCKET);
    const data = pseudoRandom(scale.bigObject, 'single-stream');
    const label = sizeLabel(scale.bigObject);
    const put = await step(`PUT ${label}, 1 stream`, 'MiB/s', 'higher', async () => {
      const t0 = performance.now();
      await s3.put(BUCKET, 'big', data);
      return mibPerSecond(data.length, (performance.now() - t0) / 1000);
    });
    const get = await step(`GET ${label}, 1 stream`, 'MiB/s', 'higher', async () => {
      const t0 = performance.now();
      const n = await s3.get(BUCKET, 'big');
      const seconds = (performance.now() - t0) / 1000;
      if (n !== data.length) throw new Error(`GET returned ${n} bytes, expected ${data.length}`);
      if (ctx.verify && !(await s3.getBody(BUCKET, 'big')).equals(data)) throw new Error('GET body differs');
      return mibPerSecond(n, seconds);
    });
    return [put, get];
  },
};

/** Many mid-sized objects from several concurrent clients. */
export const concurrentObjects: Workload = {
  id: 'concurrent',
  title: 'Concurrent objects',
  async run(ctx: WorkloadContext): Promise<Metric[]> {
    const { s3, scale } = ctx;
    await s3.createBucket(MID_BUCKET);
    // One buffer holds every object back to back, so objects differ from each other.
    const all = pseudoRandom(scale.midObject * scale.midObjects, 'concurrent-objects');
    const body = (i: number) => all.subarray(i * scale.midObject, (i + 1) * scale.midObject);
    const label = `${sizeLabel(scale.midObject)} x ${scale.midObjects}, ${scale.midClients} clients`;
    const total = scale.midObject * scale.midObjects;
    const put = await step(`PUT ${label}`, 'MiB/s', 'higher', async () => {
      const r = await runLoad(scale.midClients, { total: scale.midObjects }, (i) =>
        s3.put(MID_BUCKET, `mid/${i}`, body(i)),
      );
      return mibPerSecond(total, r.seconds);
    });
    const get = await step(`GET ${label}`, 'MiB/s', 'higher', async () => {
      const r = await runLoad(scale.midClients, { total: scale.midObjects }, async (i) => {
        const n = await s3.get(MID_BUCKET, `mid/${i}`);
        if (n !== scale.midObject) throw new Error(`GET mid/${i} returned ${n} bytes`);
      });
      return mibPerSecond(total, r.seconds);
    });
    if (ctx.verify && !(await s3.getBody(MID_BUCKET, 'mid/0')).equals(body(0))) {
      get.error = 'GET body differs';
    }
    return [put, get];
  },
};
