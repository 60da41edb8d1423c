import { type S3Http, S3HttpError } from './s3-http.js';

/** The S3 actions the workloads use, on top of the raw client. */
export class S3Ops {
  constructor(readonly http: S3Http) {}

  async createBucket(bucket: string): Promise<void> {
    await this.http.request('PUT', bucket, undefined);
  }

  async put(bucket: string, key: string, body: Buffer): Promise<void> {
    await this.http.request('PUT', bucket, key, {
      body,
      headers: { 'content-type': 'application/octet-stream' },
    });
  }

  /** Returns the number of body bytes received (the body itself is dropped). */
  async get(bucket: string, key: string): Promise<number> {
    return (await this.http.request('GET', bucket, key, { discard: true })).bytes;
  }

  async getBody(bucket: string, key: string): Promise<Buffer> {
    return (await this.http.request('GET', bucket, key)).body;
  }

  async head(bucket: string, key: string): Promise<number> {
    return Number((await this.http.request('HEAD', bucket, key)).headers['content-length'] ?? -1);
  }

  async delete(bucket: string, key: string): Promise<void> {
    await this.http.request('DELETE', bucket, key);
  }

  /** One ListObjectsV2 page: the number of keys and common prefixes it held, and the next token. */
  async listPage(
    bucket: string,
    prefix: string,
    delimiter: string,
    token: string | undefined,
    maxKeys = 1000,
  ): Promise<{ keys: number; prefixes: number; next: string | undefined }> {
    const query: Record<string, string> = {
      'list-type': '2',
      prefix,
      delimiter,
      'max-keys': String(maxKeys),
    };
    if (token !== undefined) query['continuation-token'] = token;
    const xml = (await this.http.request('GET', bucket, undefined, { query })).body.toString('utf8');
    const truncated = /<IsTruncated>true<\/IsTruncated>/.test(xml);
    const next = /<NextContinuationToken>([^<]*)<\/NextContinuationToken>/.exec(xml)?.[1];
    return {
      keys: count(xml, '<Contents>'),
      prefixes: count(xml, '<CommonPrefixes>'),
      next: truncated && next !== undefined ? unescapeXml(next) : undefined,
    };
  }

  async createMultipart(bucket: string, key: string): Promise<string> {
    const xml = (
      await this.http.request('POST', bucket, key, {
        query: { uploads: '' },
        headers: { 'content-type': 'application/octet-stream' },
      })
    ).body.toString('utf8');
    const id = /<UploadId>([^<]+)<\/UploadId>/.exec(xml)?.[1];
    if (!id) throw new S3HttpError(200, 'NoUploadId', `CreateMultipartUpload ${bucket}/${key}`);
    return unescapeXml(id);
  }

  async uploadPart(bucket: string, key: string, uploadId: string, part: number, body: Buffer) {
    const res = await this.http.request('PUT', bucket, key, {
      query: { partNumber: String(part), uploadId },
      body,
    });
    return String(res.headers.etag ?? '');
  }

  async completeMultipart(bucket: string, key: string, uploadId: string, etags: string[]): Promise<void> {
    const parts = etags
      .map((e, i) => `<Part><PartNumber>${i + 1}</PartNumber><ETag>${escapeXml(e)}</ETag></Part>`)
      .join('');
    const body = Buffer.from(`<CompleteMultipartUpload>${parts}</CompleteMultipartUpload>`);
    const res = await this.http.request('POST', bucket, key, {
      query: { uploadId },
      body,
      headers: { 'content-type': 'application/xml' },
    });
    // S3 may answer 200 with an <Error> body when completion fails late.
    const text = res.body.toString('utf8');
    if (text.includes('<Error>')) {
      const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1] ?? 'Error';
      throw new S3HttpError(200, code, `CompleteMultipartUpload ${bucket}/${key}`);
    }
  }
}

function count(haystack: string, needle: string): number {
  let n = 0;
  for (let i = haystack.indexOf(needle); i !== -1; i = haystack.indexOf(needle, i + needle.length)) n++;
  return n;
}

function unescapeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCharCode(Number(d)))
    .replace(/&amp;/g, '&');
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
