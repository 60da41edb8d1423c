import { Latencies, runLoad } from '../lib/load.js';
import { errorText, type Metric, type Workload, type WorkloadContext } from './workload.js';

const BUCKET = 'bench-list';
const FOLDER = 'folder/';

/**
 * ListObjectsV2 of one folder holding `listKeys` objects, page by page with delimiter `/`. Creating
 * the keys is timed too, as its own metric, since it dominates the workload on slow servers.
 */
export const listing: Workload = {
  id: 'list',
  title: 'Listing',
  async run(ctx: WorkloadContext): Promise<Metric[]> {
    const { s3, scale } = ctx;
    await s3.createBucket(BUCKET);
    const body = Buffer.from('x');
    const setup = await runLoad(scale.listSetupClients, { total: scale.listKeys }, (i) =>
      s3.put(BUCKET, `${FOLDER}key-${String(i).padStart(7, '0')}`, body),
    );
    const keys = scale.listKeys.toLocaleString('en-US');
    const out: Metric[] = [
      {
        name: `setup: PUT ${keys} keys, ${scale.listSetupClients} clients`,
        value: setup.ops / setup.seconds,
        unit: 'ops/s',
        better: 'higher',
      },
    ];
    const name = `ListObjectsV2 ${keys}-key folder, ${scale.listPageSize}/page`;
    try {
      out.push(...(await listFolder(ctx, name)));
    } catch (err) {
      const error = errorText(err);
      out.push({ name: `${name}: keys/s`, value: Number.NaN, unit: 'keys/s', better: 'higher', error });
    }
    return out;
  },
};

async function listFolder(ctx: WorkloadContext, name: string): Promise<Metric[]> {
  const { s3, scale } = ctx;
  const pages = new Latencies();
  let listed = 0;
  let token: string | undefined;
  const t0 = performance.now();
  do {
    const p0 = performance.now();
    const page = await s3.listPage(BUCKET, FOLDER, '/', token, scale.listPageSize);
    pages.add(performance.now() - p0);
    listed += page.keys;
    token = page.next;
  } while (token !== undefined);
  const seconds = (performance.now() - t0) / 1000;
  const error = listed === scale.listKeys ? undefined : `listed ${listed} keys, expected ${scale.listKeys}`;
  return [
    { name: `${name}: keys/s`, value: listed / seconds, unit: 'keys/s', better: 'higher', error },
    { name: `${name}: page p50`, value: pages.percentile(50), unit: 'ms', better: 'lower' },
    { name: `${name}: page p99`, value: pages.percentile(99), unit: 'ms', better: 'lower' },
  ];
}
