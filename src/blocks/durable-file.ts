import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * Crash-safe publication of a file: a reader (or a restart) sees either no file or the complete
 * content, never a torn write. The temp file lives on the same filesystem so rename is atomic.
 */
export async function writeFileDurably(tmpDir: string, target: string, data: Uint8Array): Promise<void> {
  const tmp = path.join(tmpDir, `${path.basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}`);
  try {
    const handle = await open(tmp, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await ensureDir(path.dirname(target));
    // rename replaces atomically: two writers of the same content-addressed block both succeed.
    await rename(tmp, target);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  await syncDir(path.dirname(target));
}

/** mkdir -p, then fsync the parents of any directory it created so the new entries survive a crash. */
async function ensureDir(dir: string): Promise<void> {
  const first = await mkdir(dir, { recursive: true });
  if (first === undefined) return;
  for (let d = dir; d.length >= first.length; d = path.dirname(d)) await syncDir(path.dirname(d));
}

/** fsync on a directory makes the entries created or renamed in it durable (POSIX). */
export async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Removes temp files not modified for `olderThanMs`: their writer died (a live one takes well under a second). */
export async function removeStaleFiles(dir: string, olderThanMs: number): Promise<number> {
  let removed = 0;
  const cutoff = Date.now() - olderThanMs;
  for (const name of await readdir(dir)) {
    const file = path.join(dir, name);
    const info = await stat(file).catch(() => undefined);
    if (info?.isFile() && info.mtimeMs <= cutoff) {
      await rm(file, { force: true });
      removed++;
    }
  }
  return removed;
}
