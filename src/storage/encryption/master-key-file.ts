import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * SSE-S3's master key: OKS3_SSE_MASTER_KEY when set, else the key file, created with mode 0600 at
 * the first start. A key file that exists but cannot be read (or holds no 32-byte key) stops the
 * server: starting with a new key would make every encrypted object unreadable.
 */
export async function loadMasterKey(configured: string | undefined, file: string): Promise<Buffer> {
  if (configured !== undefined) return Buffer.from(configured, 'base64');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new Error(`cannot read the SSE master key file ${file}: ${(err as Error).message}`);
    }
    const key = randomBytes(32);
    await mkdir(path.dirname(file), { recursive: true });
    // 'wx': two servers starting at once never overwrite each other's key.
    await writeFile(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' }).catch(
      async (e: NodeJS.ErrnoException) => {
        if (e.code !== 'EEXIST') throw e;
      },
    );
    text = await readFile(file, 'utf8');
  }
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32) throw new Error(`the SSE master key file ${file} does not hold 32 bytes in base64`);
  return key;
}
