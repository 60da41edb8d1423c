import { describe, expect, it } from 'vitest';
import { useStorage } from '../storage.fixture.js';
import { ownerExists, partOwner, transferOwner, versionOwner } from './blob-owners.js';

const fx = useStorage();

function setup() {
  const rows = fx.rows;
  const [uploadId, versionId, blobId, otherBlob] = [
    rows.uploads.newId(),
    rows.versions.newVersionId(),
    rows.blobs.newId(),
    rows.blobs.newId(),
  ];
  const part = { partNumber: 3, blobId, size: 1, etag: '"e"', checksum: null, lastModified: new Date() };
  const version = {
    bucket: 'b',
    key: 'k',
    versionId,
    size: 1,
    etag: '"e"',
    lastModified: new Date(),
    contentType: 'x/y',
    headers: {},
    userMeta: {},
    checksum: null,
    partsCount: null,
    isDeleteMarker: false,
    nullVersion: false,
    inline: null,
    encryption: null,
  };
  const segment = { partNumber: 1, blobId, start: 0, size: 1, etag: '"e"', checksum: null };
  return { rows, uploadId, versionId, blobId, otherBlob, part, version, segment };
}

describe('blob owners', () => {
  it('names owners as the sweeper reads them', () => {
    expect(versionOwner('v1')).toBe('v:v1');
    expect(partOwner('u1', 7)).toBe('p:u1:7');
    expect(transferOwner('u1', 7, 'v1')).toBe('t:u1:7:v1');
  });

  it('counts a version as an owner while its segments name the blob', async () => {
    const { rows, versionId, blobId, otherBlob, version, segment } = setup();
    expect(await ownerExists(rows, versionOwner(versionId), blobId)).toBe(false);
    await rows.versions.commitVersion(version, [segment]);
    expect(await ownerExists(rows, versionOwner(versionId), blobId)).toBe(true);
    expect(await ownerExists(rows, versionOwner(versionId), otherBlob)).toBe(false);
    await rows.versions.deleteVersion('b', 'k', versionId);
    expect(await ownerExists(rows, versionOwner(versionId), blobId)).toBe(false);
  });

  it('counts a part as the owner of the very blob its row points at, and of no other', async () => {
    const { rows, uploadId, blobId, otherBlob, part } = setup();
    await rows.uploads.putPart(uploadId, part);
    expect(await ownerExists(rows, partOwner(uploadId, 3), blobId)).toBe(true);
    expect(await ownerExists(rows, partOwner(uploadId, 3), otherBlob)).toBe(false);
    expect(await ownerExists(rows, partOwner(uploadId, 4), blobId)).toBe(false);
  });

  it('counts a transfer as an owner while the part row or the version holds the blob', async () => {
    const { rows, uploadId, versionId, blobId, part, version, segment } = setup();
    const owner = transferOwner(uploadId, 3, versionId);
    await rows.uploads.putPart(uploadId, part);
    expect(await ownerExists(rows, owner, blobId)).toBe(true);
    await rows.uploads.deleteParts(uploadId);
    expect(await ownerExists(rows, owner, blobId)).toBe(false);
    await rows.versions.commitVersion(version, [segment]);
    expect(await ownerExists(rows, owner, blobId)).toBe(true);
  });

  it('keeps whatever an unknown or malformed owner names', async () => {
    const { rows, blobId } = setup();
    expect(await ownerExists(rows, 'x:anything', blobId)).toBe(true);
    expect(await ownerExists(rows, 'v:too:many', blobId)).toBe(true);
    // Not ids (a Cassandra query on them would fail): kept, not a failed sweep.
    const failing = { ...rows, versions: { segments: () => Promise.reject(new Error('queried')) } };
    expect(await ownerExists(failing, 'v:one', blobId)).toBe(true);
    expect(await ownerExists(failing, 't:u:1:v', blobId)).toBe(true);
    expect(await ownerExists(failing, 'p:u:1', blobId)).toBe(true);
  });
});
