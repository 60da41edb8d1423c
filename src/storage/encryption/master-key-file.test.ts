import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadMasterKey } from './master-key-file.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'oks3-key-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('loadMasterKey', () => {
  it('creates a 32-byte key with mode 0600 at the first start and reads the same one later', async () => {
    const file = path.join(dir, 'sub', 'sse-master.key');
    const key = await loadMasterKey(undefined, file);
    expect(key.length).toBe(32);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(Buffer.from((await readFile(file, 'utf8')).trim(), 'base64').equals(key)).toBe(true);
    expect((await loadMasterKey(undefined, file)).equals(key)).toBe(true);
  });

  it('prefers the configured key and never creates the file then', async () => {
    const configured = Buffer.alloc(32, 3);
    const file = path.join(dir, 'k');
    expect((await loadMasterKey(configured.toString('base64'), file)).equals(configured)).toBe(true);
    await expect(stat(file)).rejects.toThrow(/ENOENT/);
  });

  it('refuses to start on a key file it cannot read or that holds no 32-byte key', async () => {
    const file = path.join(dir, 'k');
    await writeFile(file, 'c2hvcnQ=\n');
    await expect(loadMasterKey(undefined, file)).rejects.toThrow(/does not hold 32 bytes/);
    // Unreadable even for root: a directory where the file should be (EISDIR), never a new key.
    const blocked = path.join(dir, 'blocked');
    await mkdir(blocked);
    await expect(loadMasterKey(undefined, blocked)).rejects.toThrow(/cannot read the SSE master key file/);
  });
});
