import type { ObjectVersion } from '../metadata/object-types.js';

/** New version fields chosen by a write; id and time are given at commit. */
export type NewVersion = Omit<ObjectVersion, 'versionId' | 'lastModified'>;

/** What a write path (PUT, POST, copy, Complete) knows about the object it makes. */
export type ObjectContent = Omit<
  NewVersion,
  'isDeleteMarker' | 'inline' | 'partsCount' | 'checksum' | 'encryption'
> &
  Partial<Pick<NewVersion, 'inline' | 'partsCount' | 'checksum' | 'encryption'>>;

/** The one way every write path builds the version it commits. */
export function newVersion(content: ObjectContent): NewVersion {
  return {
    ...content,
    checksum: content.checksum ?? null,
    partsCount: content.partsCount ?? null,
    inline: content.inline ?? null,
    encryption: content.encryption ?? null,
    isDeleteMarker: false,
  };
}

/** A delete marker: a version without content that hides the ones below it. */
export function newDeleteMarker(bucket: string, key: string, nullVersion: boolean): NewVersion {
  return {
    bucket,
    key,
    size: 0,
    etag: '',
    contentType: '',
    headers: {},
    userMeta: {},
    checksum: null,
    partsCount: null,
    isDeleteMarker: true,
    nullVersion,
    inline: null,
    encryption: null,
  };
}
