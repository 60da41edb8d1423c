import type { StoredChecksum } from '../../storage/types.js';

/** `x-amz-checksum-<alg>` and `x-amz-checksum-type` for a stored checksum. */
export function checksumResponseHeaders(checksum: StoredChecksum | null): Record<string, string> {
  if (!checksum) return {};
  return {
    [`x-amz-checksum-${checksum.algorithm.toLowerCase()}`]: checksum.value,
    'x-amz-checksum-type': checksum.type,
  };
}
