import type { ListedObject } from '../../storage/types.js';
import { prefixEnd } from '../../storage/types.js';

/** Reads keys in byte order starting at `from` (inclusive or not), within `prefix`. */
export type KeyPageSource = (from: string, inclusive: boolean, limit: number) => Promise<ListedObject[]>;

export interface ListingRequest {
  prefix: string;
  delimiter: string;
  /** List keys strictly after this one (marker / start-after / continuation). */
  after: string;
  maxKeys: number;
}

export interface ListingPage {
  contents: ListedObject[];
  commonPrefixes: string[];
  isTruncated: boolean;
  /** The last key or common prefix returned: where the next page starts (exclusive). */
  lastItem: string | undefined;
}

/**
 * S3's listing with a delimiter, as a pure algorithm over a sorted key source: keys that contain
 * the delimiter after the prefix roll up into one common prefix, and the scan then jumps past
 * every key under that prefix instead of reading them.
 */
export async function listKeys(source: KeyPageSource, req: ListingRequest): Promise<ListingPage> {
  const contents: ListedObject[] = [];
  const commonPrefixes: string[] = [];
  let lastItem: string | undefined;
  let from = req.after > req.prefix ? req.after : req.prefix;
  let inclusive = !(req.after > req.prefix);
  // A marker that is itself a common prefix (the last item of the previous page) skips its keys.
  const markerRest = req.after.startsWith(req.prefix) ? req.after.slice(req.prefix.length) : '';
  const markerAt = req.delimiter === '' ? -1 : markerRest.indexOf(req.delimiter);
  if (markerAt !== -1) {
    const next = prefixEnd(req.prefix + markerRest.slice(0, markerAt + req.delimiter.length));
    if (next === undefined) return { contents, commonPrefixes, isTruncated: false, lastItem };
    from = next;
    inclusive = true;
  }
  const count = () => contents.length + commonPrefixes.length;
  if (req.maxKeys === 0) return { contents, commonPrefixes, isTruncated: false, lastItem };
  for (;;) {
    const batch = await source(from, inclusive, Math.min(1000, req.maxKeys - count() + 1));
    if (batch.length === 0) return { contents, commonPrefixes, isTruncated: false, lastItem };
    let jumped = false;
    for (const obj of batch) {
      if (count() === req.maxKeys) return { contents, commonPrefixes, isTruncated: true, lastItem };
      const rest = obj.key.slice(req.prefix.length);
      const at = req.delimiter === '' ? -1 : rest.indexOf(req.delimiter);
      if (at === -1) {
        contents.push(obj);
        lastItem = obj.key;
        from = obj.key;
        inclusive = false;
        continue;
      }
      const common = req.prefix + rest.slice(0, at + req.delimiter.length);
      commonPrefixes.push(common);
      lastItem = common;
      const next = prefixEnd(common);
      if (next === undefined) return { contents, commonPrefixes, isTruncated: false, lastItem };
      from = next;
      inclusive = true;
      jumped = true;
      break;
    }
    if (!jumped && batch.length < Math.min(1000, req.maxKeys - count() + 1) && count() < req.maxKeys) {
      return { contents, commonPrefixes, isTruncated: false, lastItem };
    }
  }
}
