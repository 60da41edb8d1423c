import { randomBytes } from 'node:crypto';
import { AccountError } from './account-error.js';

/** Names, ids and generated credentials of accounts and access keys. */

/** Canonical user ids are 64 lowercase hex characters, as on AWS. */
export const CANONICAL_ID = /^[0-9a-f]{64}$/;
/** Account names: what the CLI and seed files use; `root` is the configured root account. */
export const ACCOUNT_NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/;
/** Any access key id a SigV4 credential can carry (no `/`), so seeded ids may be readable. */
export const ACCESS_KEY_ID = /^[A-Za-z0-9._-]{3,128}$/;
/** Secrets a client can type; generated ones are 40 characters like AWS's. */
export const SECRET_ACCESS_KEY = /^[\x21-\x7e]{8,128}$/;

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** `OK` + 18 base32 characters: 20 characters like an AWS key id, 90 random bits. */
export function newAccessKeyId(): string {
  const bytes = randomBytes(18);
  let out = 'OK';
  for (const b of bytes) out += BASE32[b & 31];
  return out;
}

/** 40 characters of base64 (240 random bits). */
export function newSecretAccessKey(): string {
  return randomBytes(30).toString('base64').replace(/\+/g, 'A').replace(/\//g, 'B');
}

export function checkAccountName(name: string): void {
  if (!ACCOUNT_NAME.test(name) || name === 'root') {
    throw new AccountError(
      'InvalidInput',

      `invalid account name "${name}": 1-63 of a-z 0-9 . _ -, starting with a letter or digit, not "root"`,
    );
  }
}

/** An e-mail address for ACL grants: one `@`, a dotted domain, no spaces or quotes; lower-cased. */
export function normalEmail(email: string): string {
  const lower = email.trim().toLowerCase();
  if (lower.length > 254 || !/^[^\s@",]+@[^\s@",]+\.[^\s@",]+$/.test(lower)) {
    throw new AccountError('InvalidInput', `invalid e-mail address "${email}"`);
  }
  return lower;
}

export function checkAccessKey(accessKeyId: string, secretAccessKey: string): void {
  if (!ACCESS_KEY_ID.test(accessKeyId)) {
    throw new AccountError(
      'InvalidInput',
      `invalid access key id "${accessKeyId}": 3-128 of A-Z a-z 0-9 . _ -`,
    );
  }
  if (!SECRET_ACCESS_KEY.test(secretAccessKey)) {
    throw new AccountError(
      'InvalidInput',
      'invalid secret access key: 8-128 printable ASCII characters, no spaces',
    );
  }
}
