import { describe, expect, it } from 'vitest';
import { S3Error } from '../../errors.js';
import type { ObjectVersion, VersionSegment } from '../../storage/types.js';
import { attributesXml, requestedAttributes, requestedPartsPage } from './object-attributes.js';

function version(fields: Partial<ObjectVersion>): ObjectVersion {
  return {
    bucket: 'b',
    key: 'k',
    versionId: '00000000-0000-1000-8000-000000000000',
    size: 30,
    etag: 'abc-3',
    lastModified: new Date(0),
    contentType: 'text/plain',
    headers: {},
    userMeta: {},
    checksum: null,
    partsCount: null,
    isDeleteMarker: false,
    nullVersion: true,
    inline: null,
    encryption: null,
    ...fields,
  };
}

const segment = (partNumber: number, checksum: string): VersionSegment => ({
  partNumber,
  blobId: `blob-${partNumber}`,
  start: (partNumber - 1) * 10,
  size: 10,
  etag: `e${partNumber}`,
  checksum,
});

const codeOf = (f: () => unknown) => {
  try {
    f();
  } catch (err) {
    if (err instanceof S3Error) return err.code;
    throw err;
  }
  return 'accepted';
};

describe('GetObjectAttributes rules', () => {
  it('reads the attribute names, refusing none, empty and unknown ones', () => {
    expect([...requestedAttributes({ 'x-amz-object-attributes': 'ETag, ObjectSize' })]).toEqual([
      'ETag',
      'ObjectSize',
    ]);
    expect(codeOf(() => requestedAttributes({}))).toBe('InvalidArgument');
    expect(codeOf(() => requestedAttributes({ 'x-amz-object-attributes': ' , ' }))).toBe('InvalidArgument');
    expect(codeOf(() => requestedAttributes({ 'x-amz-object-attributes': 'etag' }))).toBe('InvalidArgument');
  });

  it('pages parts by x-amz-max-parts (capped at 1000) and x-amz-part-number-marker', () => {
    expect(requestedPartsPage({})).toEqual({ maxParts: 1000, marker: 0 });
    expect(requestedPartsPage({ 'x-amz-max-parts': '5000', 'x-amz-part-number-marker': '7' })).toEqual({
      maxParts: 1000,
      marker: 7,
    });
    expect(codeOf(() => requestedPartsPage({ 'x-amz-part-number-marker': '-1' }))).toBe('InvalidArgument');
  });

  it('lists the parts of a COMPOSITE checksum without its -N, and only the count of a FULL_OBJECT one', () => {
    const all = requestedAttributes({
      'x-amz-object-attributes': 'ETag,Checksum,ObjectParts,StorageClass,ObjectSize',
    });
    const parts = [segment(1, 'AAAAAQ=='), segment(2, 'AAAAAg=='), segment(3, 'AAAAAw==')];
    const composite = version({
      partsCount: 3,
      checksum: { algorithm: 'CRC32', value: 'q83vEg==-3', type: 'COMPOSITE' },
    });
    expect(attributesXml(all, composite, parts, { maxParts: 2, marker: 0 })).toEqual({
      ETag: 'abc-3',
      Checksum: { ChecksumCRC32: 'q83vEg==', ChecksumType: 'COMPOSITE' },
      ObjectParts: {
        PartsCount: 3,
        PartNumberMarker: 0,
        NextPartNumberMarker: 2,
        MaxParts: 2,
        IsTruncated: true,
        Part: [
          { PartNumber: 1, Size: 10, ChecksumCRC32: 'AAAAAQ==' },
          { PartNumber: 2, Size: 10, ChecksumCRC32: 'AAAAAg==' },
        ],
      },
      StorageClass: 'STANDARD',
      ObjectSize: 30,
    });
    const full = version({
      partsCount: 3,
      checksum: { algorithm: 'CRC32', value: 'q83vEg==', type: 'FULL_OBJECT' },
    });
    expect(attributesXml(all, full, undefined, { maxParts: 2, marker: 0 }).ObjectParts).toEqual({
      PartsCount: 3,
    });
    expect(
      attributesXml(all, version({}), undefined, { maxParts: 2, marker: 0 }).ObjectParts,
    ).toBeUndefined();
  });
});
