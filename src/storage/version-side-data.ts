import { decodeGrant, encodeGrant, type Grant } from '../accounts/grants.js';
import type { ObjectVersion } from '../metadata/object-types.js';
import type { AclRows, TagRows } from '../metadata/ports.js';
import type { Tag } from '../metadata/tag-repository.js';

type VersionRef = Pick<ObjectVersion, 'bucket' | 'key' | 'versionId'>;

/**
 * The one owner of data that belongs to a single version besides its bytes: its ACL and its tags.
 * Their rows are deleted in the batch that deletes the version's own (VersionRows.unlist and
 * deleteVersion), so no side row outlives its version and a DELETE stays one batch.
 */
export class VersionSideData {
  constructor(
    private readonly acls: AclRows,
    private readonly tagRows: TagRows,
  ) {}

  /** The version's explicit ACL; undefined = none was set (private). */
  async grants(v: VersionRef): Promise<Grant[] | undefined> {
    const stored = await this.acls.objectGrants(v.bucket, v.key, v.versionId);
    return stored?.flatMap((text) => decodeGrant(text) ?? []);
  }

  setGrants(v: VersionRef, grants: readonly Grant[]): Promise<void> {
    return this.acls.setObjectGrants(v.bucket, v.key, v.versionId, grants.map(encodeGrant));
  }

  /** The version's tags in key order; none = []. */
  tags(v: VersionRef): Promise<Tag[]> {
    return this.tagRows.objectTags(v.bucket, v.key, v.versionId);
  }

  /** Replaces the version's tags; an empty set removes them. */
  setTags(v: VersionRef, tags: readonly Tag[]): Promise<void> {
    return this.tagRows.setObjectTags(v.bucket, v.key, v.versionId, tags);
  }
}
