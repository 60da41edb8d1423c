import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Credentials } from './session.js';

/** One page of `GET /files/{bucket}/{folder}` (src/s3/service/list-folder.ts): a folder's children. */
export interface FolderPage {
  folders: { name: string; prefix: string }[];
  files: { name: string; key: string; size: number; etag: string; lastModified: string | null }[];
  isTruncated: boolean;
  nextMarker?: string;
}

/** RFC 3986 escaping, as SigV4 canonicalises (encodeURIComponent leaves !'()* alone). */
function escapeUri(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** S3 keys keep '/' and escape the rest, as the SDK does for object paths. */
function escapeKey(key: string): string {
  return key.split('/').map(escapeUri).join('/');
}

/**
 * Lists a folder from the folder tables, every page, signed with SigV4 here (the SDK has no
 * command for this OK-S3 API). A folder that no longer holds anything is an empty folder.
 */
export async function listFolder(
  credentials: Credentials,
  bucket: string,
  folder: string,
): Promise<FolderPage> {
  const signer = new SignatureV4({
    credentials,
    region: 'us-east-1',
    service: 's3',
    sha256: Sha256,
    uriEscapePath: false,
  });
  const all: FolderPage = { folders: [], files: [], isTruncated: false };
  let marker = '';
  for (;;) {
    const request = new HttpRequest({
      method: 'GET',
      protocol: window.location.protocol,
      hostname: window.location.hostname,
      port: window.location.port ? Number(window.location.port) : undefined,
      path: `/files/${escapeUri(bucket)}/${escapeKey(folder)}`,
      query: marker ? { marker } : {},
      headers: { host: window.location.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
    });
    const signed = await signer.sign(request);
    const { host: _host, ...headers } = signed.headers;
    const query = marker ? `?marker=${escapeUri(marker)}` : '';
    const res = await fetch(`${signed.path}${query}`, { headers });
    if (!res.ok) {
      const code = await errorCode(res);
      if (code === 'NoSuchKey') return all;
      throw new Error(`Listing ${bucket}/${folder} failed: ${code || `HTTP ${res.status}`}`);
    }
    const page = (await res.json()) as FolderPage;
    all.folders.push(...page.folders);
    all.files.push(...page.files);
    if (!page.isTruncated || !page.nextMarker) return all;
    marker = page.nextMarker;
  }
}

async function errorCode(res: Response): Promise<string> {
  const text = await res.text();
  return /<Code>([^<]+)<\/Code>/.exec(text)?.[1] ?? '';
}
