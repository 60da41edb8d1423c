import type { UploadRows, VersionRows } from '../../metadata/ports.js';

/**
 * The owners named in blob intents, and the one check the sweeper uses to decide whether an owner
 * still points at a blob. A blob is freed by the sweeper only when its owner does not.
 *  - `v:<versionId>`: an object version whose segments name this very blob (a version's blobs
 *    change once, when its part edges are re-chunked into one blob);
 *  - `p:<uploadId>:<partNumber>`: an open upload's part whose row points at this very blob;
 *  - `t:<uploadId>:<partNumber>:<versionId>`: a part being handed to the version a Complete
 *    creates; owned while either the part row or the version holds it (see upload-completion.ts).
 */
export const versionOwner = (versionId: string): string => `v:${versionId}`;
export const partOwner = (uploadId: string, partNumber: number): string => `p:${uploadId}:${partNumber}`;
export const transferOwner = (uploadId: string, partNumber: number, versionId: string): string =>
  `t:${uploadId}:${partNumber}:${versionId}`;

export interface OwnerIndex {
  versions: Pick<VersionRows, 'segments'>;
  uploads: Pick<UploadRows, 'part'>;
}

const isId = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

export async function ownerExists(index: OwnerIndex, owner: string, blobId: string): Promise<boolean> {
  const [kind = '', ...fields] = owner.split(':');
  const [first = '', second = '', third = ''] = fields;
  if (kind === 'v' && fields.length === 1 && isId(first)) return versionHolds(index, first, blobId);
  if (kind === 'p' && fields.length === 2 && isId(first)) {
    return partHolds(index, first, Number(second), blobId);
  }
  if (kind === 't' && fields.length === 3 && isId(first) && isId(third)) {
    return (await partHolds(index, first, Number(second), blobId)) || versionHolds(index, third, blobId);
  }
  // Unknown kinds, and ids that are no ids (a query would fail on them): kept, never free what
  // might be in use.
  return true;
}

async function partHolds(index: OwnerIndex, uploadId: string, partNumber: number, blobId: string) {
  return (await index.uploads.part(uploadId, partNumber))?.blobId === blobId;
}

async function versionHolds(index: OwnerIndex, versionId: string, blobId: string) {
  return (await index.versions.segments(versionId)).some((s) => s.blobId === blobId);
}
