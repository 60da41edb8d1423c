import { describe, expect, it } from 'vitest';
import { S3Error } from '../../errors.js';
import { requestedMultipartChecksum } from './multipart-checksum-type.js';

const ask = (algorithm?: string, type?: string) =>
  requestedMultipartChecksum({
    ...(algorithm === undefined ? {} : { 'x-amz-checksum-algorithm': algorithm }),
    ...(type === undefined ? {} : { 'x-amz-checksum-type': type }),
  });

function refusal(f: () => unknown): string {
  try {
    f();
  } catch (err) {
    if (err instanceof S3Error) return `${err.code}: ${err.message}`;
    throw err;
  }
  return 'accepted';
}

describe("CreateMultipartUpload's checksum algorithm and type", () => {
  it('defaults to COMPOSITE, and to FULL_OBJECT for CRC64NVME; nothing asked is nothing', () => {
    expect(ask()).toBeUndefined();
    expect(ask('sha256')).toEqual({ algorithm: 'SHA256', type: 'COMPOSITE' });
    expect(ask('CRC32')).toEqual({ algorithm: 'CRC32', type: 'COMPOSITE' });
    expect(ask('CRC64NVME')).toEqual({ algorithm: 'CRC64NVME', type: 'FULL_OBJECT' });
  });

  it('takes FULL_OBJECT for the three CRCs, in any case', () => {
    for (const algorithm of ['CRC32', 'CRC32C', 'CRC64NVME'] as const) {
      expect(ask(algorithm, 'full_object')).toEqual({ algorithm, type: 'FULL_OBJECT' });
    }
    expect(ask('CRC32C', 'COMPOSITE')).toEqual({ algorithm: 'CRC32C', type: 'COMPOSITE' });
  });

  it('refuses the combinations S3 refuses, with InvalidRequest', () => {
    expect(refusal(() => ask('SHA1', 'FULL_OBJECT'))).toBe(
      'InvalidRequest: The FULL_OBJECT checksum type cannot be used with the sha1 checksum algorithm.',
    );
    expect(refusal(() => ask('CRC64NVME', 'COMPOSITE'))).toBe(
      'InvalidRequest: The COMPOSITE checksum type cannot be used with the crc64nvme checksum algorithm.',
    );
    expect(refusal(() => ask(undefined, 'FULL_OBJECT'))).toMatch(
      /^InvalidRequest: The x-amz-checksum-type header/,
    );
    expect(refusal(() => ask('CRC32', 'PARTIAL'))).toMatch(/^InvalidRequest: Value for x-amz-checksum-type/);
    expect(refusal(() => ask('MD4'))).toMatch(/^InvalidRequest: Value for x-amz-checksum-algorithm/);
  });
});
