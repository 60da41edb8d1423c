import type { IncomingHttpHeaders } from 'node:http';
import {
  CHECKSUM_ALGORITHMS,
  type ChecksumAlgorithm,
  checksumHeaderName,
} from '../../body/checksum-algorithm.js';
import { S3Error } from '../../errors.js';
import type { StoredChecksum } from '../../storage/types.js';

/**
 * On CompleteMultipartUpload, `x-amz-checksum-<alg>` (and `x-amz-checksum-type`) describe the
 * object being made, not the XML body: the client's claim of the whole object's checksum.
 */
export interface ChecksumClaim {
  algorithm: ChecksumAlgorithm | undefined;
  value: string | undefined;
  type: string | undefined;
  /** `x-amz-mp-object-size`: the object size the client expects. */
  size: number | undefined;
}

/** The headers a Complete's XML body is verified with: without the object's checksum claim. */
export function bodyHeaders(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const kept = { ...headers };
  for (const algorithm of CHECKSUM_ALGORITHMS) delete kept[checksumHeaderName(algorithm)];
  delete kept['x-amz-checksum-type'];
  return kept;
}

export function checksumClaim(headers: IncomingHttpHeaders): ChecksumClaim {
  const named = CHECKSUM_ALGORITHMS.filter((a) => headers[checksumHeaderName(a)] !== undefined);
  if (named.length > 1) {
    throw new S3Error('InvalidRequest', 'Expecting a single x-amz-checksum- header.');
  }
  const algorithm = named[0];
  const value = algorithm ? String(headers[checksumHeaderName(algorithm)]).trim() : undefined;
  const type = headers['x-amz-checksum-type'];
  const size = headers['x-amz-mp-object-size'];
  if (size !== undefined && !/^\d{1,16}$/.test(String(size).trim())) {
    throw new S3Error('InvalidArgument', 'x-amz-mp-object-size must be a non-negative integer.', {
      ArgumentName: 'x-amz-mp-object-size',
    });
  }
  return {
    algorithm,
    value,
    type: typeof type === 'string' ? type.trim().toUpperCase() : undefined,
    size: size === undefined ? undefined : Number(String(size).trim()),
  };
}

/** `x-amz-mp-object-size` against the sum of the chosen parts (S3: 400 InvalidRequest). */
export function checkSizeClaim(claim: ChecksumClaim, size: number): void {
  if (claim.size !== undefined && claim.size !== size) {
    throw new S3Error(
      'InvalidRequest',
      `The provided x-amz-mp-object-size ${claim.size} does not match the size of the parts, ${size}.`,
    );
  }
}

/**
 * Checks the claim against the checksum computed from the parts, of the type the upload was
 * created with (`uploadType`: COMPOSITE or FULL_OBJECT, null without a checksum). A claim of
 * another algorithm or type is refused; a wrong value is BadDigest. A COMPOSITE claim may leave
 * out the `-N` part-count suffix.
 */
export function checkChecksumClaim(
  claim: ChecksumClaim,
  computed: StoredChecksum | null,
  uploadType: string | null,
): void {
  const expectedType = uploadType ?? 'COMPOSITE';
  if (claim.type !== undefined && claim.type !== expectedType) {
    throw new S3Error(
      'InvalidRequest',
      `The upload was created using the ${uploadType ?? 'default'} checksum type; x-amz-checksum-type ${claim.type} does not match.`,
    );
  }
  if (claim.algorithm === undefined) return;
  if (!computed || computed.algorithm !== claim.algorithm) {
    throw new S3Error(
      'InvalidRequest',
      `The upload was created using ${computed ? computed.algorithm.toLowerCase() : 'no'} checksum; ` +
        `the complete request names ${claim.algorithm.toLowerCase()}.`,
    );
  }
  const bare = (v: string) => (computed.type === 'COMPOSITE' ? v.replace(/-\d+$/, '') : v);
  if (bare(claim.value ?? '') !== bare(computed.value)) {
    throw new S3Error(
      'BadDigest',
      `The ${claim.algorithm.toLowerCase()} you specified did not match the calculated checksum.`,
    );
  }
}
