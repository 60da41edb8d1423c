import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CorruptBlockError } from '../../blocks/index.js';
import { BlockCipher, sealRef, TAG_BYTES } from './block-cipher.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const data = randomBytes(50_000);
const h = sha(data);

describe('BlockCipher', () => {
  const key = randomBytes(32);
  const a = new BlockCipher('s3', key);

  it('gives equal plaintext equal bytes under one key, named by the hash of the ciphertext', () => {
    const one = a.sealBlock(h, data);
    const two = new BlockCipher('s3', key).sealBlock(h, data);
    expect(one.file.equals(two.file)).toBe(true);
    expect(one.hash).toBe(two.hash);
    expect(one.hash).toBe(sha(one.file));
    expect(one.hash).not.toBe(h);
    expect(one.file.length).toBe(data.length + TAG_BYTES);
    expect(one.file.includes(data.subarray(0, 32))).toBe(false);
    expect(one.sealed.includes(Buffer.from(h, 'hex'))).toBe(false);
    expect(sealRef(one.sealed)).toBe('s3');
    expect(a.openBlock(one.hash, two.sealed, one.file).equals(data)).toBe(true);
  });

  it('shares nothing between two keys', () => {
    const b = new BlockCipher('kms:b', randomBytes(32));
    expect(b.sealBlock(h, data).hash).not.toBe(a.sealBlock(h, data).hash);
  });

  it('refuses an altered file, a seal moved to another block and a seal of another key', () => {
    const block = a.sealBlock(h, data);
    const altered = Buffer.from(block.file);
    altered[10]! ^= 1;
    expect(() => a.openBlock(block.hash, block.sealed, altered)).toThrow(CorruptBlockError);
    const other = a.sealBlock(sha(data.subarray(1)), data.subarray(1));
    expect(() => a.openBlock(other.hash, block.sealed, other.file)).toThrow(CorruptBlockError);
    const b = new BlockCipher('kms:b', randomBytes(32));
    expect(() => b.openBlock(block.hash, block.sealed, block.file)).toThrow(CorruptBlockError);
  });

  it('seals inline bytes with a fresh nonce each time and opens them', () => {
    const small = Buffer.from('hello inline');
    const x = a.sealInline(small);
    expect(x.equals(a.sealInline(small))).toBe(false);
    expect(x.includes(small)).toBe(false);
    expect(a.openInline(x).equals(small)).toBe(true);
    x[x.length - 1]! ^= 1;
    expect(() => a.openInline(x)).toThrow(CorruptBlockError);
  });
});
