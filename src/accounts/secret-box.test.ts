import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { masterKeyFrom, SecretBox } from './secret-box.js';

const AUTHENTICATION_FAILED = 'Unsupported state or unable to authenticate data';

describe('SecretBox', () => {
  const box = new SecretBox(randomBytes(32));

  it('opens what it sealed, and never shows the plaintext', () => {
    const sealed = box.seal('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'AKID\naccount');
    expect(sealed).not.toContain('wJalrXUtnFEMI');
    expect(box.open(sealed, 'AKID\naccount')).toBe('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY');
    expect(box.seal('same', 'ad')).not.toBe(box.seal('same', 'ad'));
  });

  it('refuses a ciphertext moved to another key id or altered', () => {
    const sealed = box.seal('secret', 'AKID1\nacct');
    // AES-GCM's authentication fails (Node's message for it).
    expect(() => box.open(sealed, 'AKID2\nacct')).toThrow(AUTHENTICATION_FAILED);
    const parts = sealed.split('.');
    parts[4] = Buffer.from('tampered').toString('base64url');
    expect(() => box.open(parts.join('.'), 'AKID1\nacct')).toThrow(AUTHENTICATION_FAILED);
  });

  it('names the problem when the master key changed', () => {
    const sealed = box.seal('secret', 'ad');
    expect(() => new SecretBox(randomBytes(32)).open(sealed, 'ad')).toThrow(/another master key/);
  });

  it('derives a stable key from the root secret when no master key is configured', () => {
    expect(masterKeyFrom(undefined, 'root-secret')).toEqual(masterKeyFrom(undefined, 'root-secret'));
    expect(masterKeyFrom(undefined, 'root-secret')).not.toEqual(masterKeyFrom(undefined, 'other'));
    const configured = randomBytes(32);
    expect(masterKeyFrom(configured.toString('base64'), 'root-secret')).toEqual(configured);
  });
});
