import type { MultipartUpload, UploadCursor } from '../../storage/types.js';
import { prefixEnd } from '../../storage/types.js';

/** Reads uploads in (key, initiation) order from `from`, within the listing's prefix. */
export type UploadPageSource = (from: UploadCursor, limit: number) => Promise<MultipartUpload[]>;

export interface UploadListingRequest {
  prefix: string;
  delimiter: string;
  keyMarker: string;
  uploadIdMarker: string;
  maxUploads: number;
}

export interface UploadListingPage {
  uploads: MultipartUpload[];
  commonPrefixes: string[];
  isTruncated: boolean;
  /** The last key (or common prefix) and upload returned: where the next page continues. */
  next: { key: string; uploadId?: string } | undefined;
}

/**
 * ListMultipartUploads as a pure algorithm over a sorted source, like key-listing.ts: uploads of
 * keys containing the delimiter after the prefix roll up into one common prefix, and the scan then
 * jumps past that prefix. key-marker alone continues after that key's uploads; with
 * upload-id-marker it continues after that upload of the key.
 */
export async function listUploads(
  source: UploadPageSource,
  req: UploadListingRequest,
): Promise<UploadListingPage> {
  const page: UploadListingPage = { uploads: [], commonPrefixes: [], isTruncated: false, next: undefined };
  const count = () => page.uploads.length + page.commonPrefixes.length;
  let from = startOf(req);
  if (from === undefined || req.maxUploads === 0) return page;
  for (;;) {
    const limit = Math.min(1000, req.maxUploads - count() + 1);
    const batch = await source(from, limit);
    let jumped = false;
    for (const u of batch) {
      if (count() === req.maxUploads) return { ...page, isTruncated: true };
      const common = commonPrefixOf(u.key, req);
      if (common === undefined) {
        page.uploads.push(u);
        page.next = { key: u.key, uploadId: u.uploadId };
        from = { key: u.key, uploadId: u.uploadId, inclusive: false };
        continue;
      }
      page.commonPrefixes.push(common);
      page.next = { key: common };
      const after = prefixEnd(common);
      if (after === undefined) return page;
      from = { key: after, inclusive: true };
      jumped = true;
      break;
    }
    if (!jumped && batch.length < limit) return page;
  }
}

function startOf(req: UploadListingRequest): UploadCursor | undefined {
  if (req.keyMarker === '' || req.keyMarker < req.prefix) return { key: req.prefix, inclusive: true };
  // A marker inside a common prefix (the last item of the previous page) skips the whole prefix.
  const common = commonPrefixOf(req.keyMarker, req);
  if (common !== undefined) {
    const after = prefixEnd(common);
    return after === undefined ? undefined : { key: after, inclusive: true };
  }
  if (req.uploadIdMarker !== '')
    return { key: req.keyMarker, uploadId: req.uploadIdMarker, inclusive: false };
  return { key: req.keyMarker, inclusive: false };
}

function commonPrefixOf(key: string, req: UploadListingRequest): string | undefined {
  if (req.delimiter === '' || !key.startsWith(req.prefix)) return undefined;
  const rest = key.slice(req.prefix.length);
  const at = rest.indexOf(req.delimiter);
  return at === -1 ? undefined : req.prefix + rest.slice(0, at + req.delimiter.length);
}
