import { randomBytes } from 'node:crypto';
import type { ObjectVersion } from '../object-types.js';
import type { MetadataRows } from '../ports.js';

/**
 * What a contract suite runs against: every repository on one database, and a way to let time
 * pass (the fakes move their clock; on Cassandra it is a real wait). The database may hold rows
 * of other tests, so every assertion is about the rows a test wrote itself.
 */
export interface ContractSubject {
  rows: MetadataRows;
  elapse(ms: number): Promise<void>;
}

export type MakeSubject = () => Promise<ContractSubject>;

/** A block name (64 hex) no other test uses, starting with `prefix` when given. */
export function randomHash(prefix = ''): string {
  return prefix + randomBytes(32).toString('hex').slice(prefix.length);
}

/** A bucket (or other) name no other test uses. */
export function uniqueName(prefix = 'contract'): string {
  return `${prefix}-${randomBytes(6).toString('hex')}`;
}

/** A version of `key` with a fresh id and plain fields, `fields` on top. */
export function sampleVersion(
  rows: MetadataRows,
  bucket: string,
  key: string,
  fields: Partial<ObjectVersion> = {},
): ObjectVersion {
  return {
    bucket,
    key,
    versionId: rows.versions.newVersionId(),
    size: 10,
    etag: '"etag"',
    lastModified: new Date(),
    contentType: 'text/plain',
    headers: {},
    userMeta: {},
    checksum: null,
    partsCount: null,
    isDeleteMarker: false,
    nullVersion: false,
    inline: null,
    encryption: null,
    ...fields,
  };
}

/** Whether `at` lies within `slackMs` of [before, after] (a server's clock reads the same host's time). */
export function isBetween(at: Date, before: number, after: number, slackMs = 1000): boolean {
  return at.getTime() >= before - slackMs && at.getTime() <= after + slackMs;
}
