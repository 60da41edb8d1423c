import { type ObjectVersion, prefixEnd, s3VersionId } from '../../storage/types.js';

export interface VersionListingRequest {
  prefix: string;
  delimiter: string;
  keyMarker: string;
  versionIdMarker: string;
  maxKeys: number;
}

export interface VersionSource {
  /** Keys with versions, byte order, from `from`, within the prefix. */
  keys(from: string, inclusive: boolean, limit: number): Promise<string[]>;
  /** Versions of one key, newest first. */
  versions(key: string): Promise<ObjectVersion[]>;
}

export interface ListedVersion {
  version: ObjectVersion;
  isLatest: boolean;
}

export interface VersionListingPage {
  versions: ListedVersion[];
  commonPrefixes: string[];
  isTruncated: boolean;
  nextKeyMarker?: string;
  nextVersionIdMarker?: string;
}

const KEY_BATCH = 100;

/**
 * ListObjectVersions as a pure algorithm: keys in byte order, each key's versions newest first,
 * delete markers included; keys under a delimiter roll up into common prefixes (then skipped).
 * Pages may end inside a key; (key-marker, version-id-marker) resume right after that version.
 */
export async function listVersions(
  source: VersionSource,
  req: VersionListingRequest,
): Promise<VersionListingPage> {
  const page: VersionListingPage = { versions: [], commonPrefixes: [], isTruncated: false };
  const count = () => page.versions.length + page.commonPrefixes.length;
  let from = req.keyMarker > req.prefix ? req.keyMarker : req.prefix;
  let inclusive = !(req.keyMarker > req.prefix) || req.versionIdMarker !== '';
  let resumeAfter = req.keyMarker !== '' && req.versionIdMarker !== '' ? req.versionIdMarker : undefined;
  /** The last item returned: where the next page resumes. */
  let last: { key: string; versionId: string | undefined } | undefined;
  const truncated = (p: VersionListingPage): VersionListingPage => ({
    ...p,
    isTruncated: true,
    nextKeyMarker: last?.key,
    nextVersionIdMarker: last?.versionId,
  });
  if (req.maxKeys === 0) return page;
  for (;;) {
    const keys = await source.keys(from, inclusive, KEY_BATCH);
    if (keys.length === 0) return page;
    let jumped = false;
    for (const key of keys) {
      const rest = key.slice(req.prefix.length);
      const at = req.delimiter === '' ? -1 : rest.indexOf(req.delimiter);
      if (at !== -1) {
        const common = req.prefix + rest.slice(0, at + req.delimiter.length);
        if (common !== req.keyMarker) {
          if (count() === req.maxKeys) return truncated(page);
          page.commonPrefixes.push(common);
          last = { key: common, versionId: undefined };
        }
        const next = prefixEnd(common);
        if (next === undefined) return page;
        from = next;
        inclusive = true;
        jumped = true;
        break;
      }
      const all = await source.versions(key);
      let start = 0;
      if (key === req.keyMarker && resumeAfter !== undefined) {
        start = all.findIndex((v) => s3VersionId(v) === resumeAfter) + 1;
        resumeAfter = undefined;
      }
      for (let i = start; i < all.length; i++) {
        const version = all[i]!;
        if (count() === req.maxKeys) return truncated(page);
        page.versions.push({ version, isLatest: i === 0 });
        last = { key, versionId: s3VersionId(version) };
      }
      from = key;
      inclusive = false;
    }
    if (!jumped && keys.length < KEY_BATCH) return page;
  }
}
