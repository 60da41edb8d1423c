import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

/** Block files under a data folder (fan-out dirs only, temp files excluded) and their total bytes. */
export async function blockFiles(
  dataDir: string,
): Promise<{ count: number; bytes: number; names: Set<string> }> {
  const names = new Set<string>();
  let bytes = 0;
  for (const a of await readdir(dataDir).catch(() => [] as string[])) {
    if (!/^[0-9a-f]{2}$/.test(a)) continue;
    for (const b of await readdir(path.join(dataDir, a))) {
      for (const f of await readdir(path.join(dataDir, a, b))) {
        if (!/^[0-9a-f]{64}$/.test(f)) continue;
        // The collector may delete a file between the listing and the stat: then it is not there.
        const info = await stat(path.join(dataDir, a, b, f)).catch(() => undefined);
        if (!info) continue;
        names.add(f);
        bytes += info.size;
      }
    }
  }
  return { count: names.size, bytes, names };
}
