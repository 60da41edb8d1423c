import { decodeGrant, encodeGrant, type Grant } from '../accounts/grants.js';
import type { ObjectVersion } from '../metadata/object-types.js';
import type { AclRows } from '../metadata/ports.js';

type VersionRef = Pick<ObjectVersion, 'bucket' | 'key' | 'versionId'>;

/**
 * The one owner of data that belongs to a single version besides its bytes: today its ACL (tags
 * next). Its rows are deleted in the batch that deletes the version's own (VersionRows.unlist and
 * deleteVersion), so no side row outlives its version and a DELETE stays one batch.
 */
export class VersionSideData {
  constructor(private readonly acls: AclRows) {}

  /** The version's explicit ACL; undefined = none was set (private). */
  async grants(v: VersionRef): Promise<Grant[] | undefined> {
    const stored = await this.acls.objectGrants(v.bucket, v.key, v.versionId);
    return stored?.flatMap((text) => decodeGrant(text) ?? []);
  }

  setGrants(v: VersionRef, grants: readonly Grant[]): Promise<void> {
    return this.acls.setObjectGrants(v.bucket, v.key, v.versionId, grants.map(encodeGrant));
  }
}
