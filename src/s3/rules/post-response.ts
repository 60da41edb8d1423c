import type { S3Request, S3Result } from '../action.js';

export interface PostedObject {
  bucket: string;
  key: string;
  etag: string;
  versionId: string | undefined;
}

/**
 * The answer to a successful form upload: a 303 to `success_action_redirect` (with bucket, key and
 * etag appended), else `success_action_status` 200, 201 (a PostResponse document) or 204 (the
 * default, also for any other value).
 * https://docs.aws.amazon.com/AmazonS3/latest/API/RESTObjectPOST.html
 */
export function postObjectResult(
  req: S3Request,
  fields: ReadonlyMap<string, string>,
  posted: PostedObject,
): S3Result {
  const etag = `"${posted.etag}"`;
  const location = objectUrl(req, posted);
  const headers = { ETag: etag, Location: location, 'x-amz-version-id': posted.versionId };
  const redirect = redirectUrl(fields.get('success_action_redirect') ?? fields.get('redirect'));
  if (redirect) {
    redirect.searchParams.set('bucket', posted.bucket);
    redirect.searchParams.set('key', posted.key);
    redirect.searchParams.set('etag', etag);
    return { status: 303, headers: { ...headers, Location: redirect.toString() } };
  }
  const status = fields.get('success_action_status');
  if (status === '201') {
    return {
      status: 201,
      headers,
      xml: {
        root: 'PostResponse',
        value: { Location: location, Bucket: posted.bucket, Key: posted.key, ETag: etag },
      },
    };
  }
  return { status: status === '200' ? 200 : 204, headers };
}

/** Only absolute http(s) URLs are followed; anything else falls back to the status answer. */
function redirectUrl(value: string | undefined): URL | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

function objectUrl(req: S3Request, posted: PostedObject): string {
  const host = req.headers.host ?? 'localhost';
  // Behind a TLS-terminating proxy the request itself arrives over http.
  const scheme = req.headers['x-forwarded-proto'] === 'https' ? 'https' : 'http';
  const encodedKey = posted.key.split('/').map(encodeURIComponent).join('/');
  const path = req.target.style === 'path' ? `/${posted.bucket}/${encodedKey}` : `/${encodedKey}`;
  return `${scheme}://${host}${path}`;
}
