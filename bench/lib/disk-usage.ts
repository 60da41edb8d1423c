import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';

export interface DiskUsage {
  /** Sum of file sizes. */
  apparentBytes: number;
  /** Blocks the files really occupy (st_blocks * 512), what `du` prints. */
  allocatedBytes: number;
  files: number;
}

/** `du`-style walk of a folder; files that vanish during the walk are skipped. */
export async function diskUsage(root: string): Promise<DiskUsage> {
  const total: DiskUsage = { apparentBytes: 0, allocatedBytes: 0, files: 0 };
  const stack = [root];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        stack.push(p);
        continue;
      }
      const st = await lstat(p).catch(() => undefined);
      if (!st) continue;
      total.apparentBytes += st.size;
      total.allocatedBytes += st.blocks * 512;
      total.files += 1;
    }
  }
  return total;
}
