import http from 'node:http';
import { type Credentials, SigV4Signer, uriEncode } from './sigv4.js';

export interface Endpoint {
  host: string;
  port: number;
}

export interface S3Response {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The body, unless the request asked to discard it. */
  body: Buffer;
  /** Bytes of body received. */
  bytes: number;
}

interface RequestOptions {
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: Buffer;
  /** Count the response bytes without keeping them (large GETs). */
  discard?: boolean;
}

/** A non-2xx answer, with the S3 error code when the body carried one. */
export class S3HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    what: string,
  ) {
    super(`${what}: HTTP ${status} ${code}`);
    this.name = 'S3HttpError';
  }
}

const WRITE_SLICE = 1024 * 1024;

/**
 * A minimal S3 client: raw SigV4-signed HTTP/1.1 over keep-alive sockets, path-style addressing,
 * unsigned payloads. It does as little work per request as an S3 client can, so the server is what
 * gets measured.
 */
export class S3Http {
  readonly agent: http.Agent;
  private readonly signer: SigV4Signer;
  private readonly hostHeader: string;

  constructor(
    private readonly endpoint: Endpoint,
    creds: Credentials,
    maxSockets = 64,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
    this.signer = new SigV4Signer(creds);
    this.hostHeader = `${endpoint.host}:${endpoint.port}`;
  }

  async request(method: string, bucket: string, key: string | undefined, opts: RequestOptions = {}) {
    const path = `/${uriEncode(bucket)}${key === undefined ? '' : `/${uriEncode(key, true)}`}`;
    const query = opts.query ?? {};
    const headers = this.signer.sign({
      method,
      host: this.hostHeader,
      path,
      query,
      headers: { ...opts.headers, 'content-length': String(opts.body?.length ?? 0) },
    });
    const qs = Object.entries(query)
      .map(([k, v]) => (v === '' ? uriEncode(k) : `${uriEncode(k)}=${uriEncode(v)}`))
      .join('&');
    const res = await this.send(method, qs ? `${path}?${qs}` : path, headers, opts);
    if (res.status >= 300) {
      const code = /<Code>([^<]*)<\/Code>/.exec(res.body.toString('utf8'))?.[1] ?? 'NoErrorCode';
      throw new S3HttpError(res.status, code, `${method} ${path}${qs ? `?${qs}` : ''}`);
    }
    return res;
  }

  close(): void {
    this.agent.destroy();
  }

  private send(
    method: string,
    path: string,
    headers: Record<string, string>,
    opts: RequestOptions,
  ): Promise<S3Response> {
    return new Promise<S3Response>((resolve, reject) => {
      const req = http.request(
        { host: this.endpoint.host, port: this.endpoint.port, method, path, headers, agent: this.agent },
        (res) => {
          const chunks: Buffer[] = [];
          let bytes = 0;
          const keep = !opts.discard || (res.statusCode ?? 0) >= 300;
          res.on('data', (c: Buffer) => {
            bytes += c.length;
            if (keep) chunks.push(c);
          });
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks),
              bytes,
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      writeBody(req, opts.body).catch(reject);
    });
  }
}

/** Waits for 'drain' (or the request's end), removing its listeners again. */
function drained(req: http.ClientRequest): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      req.off('drain', done);
      req.off('close', done);
      req.off('error', done);
      resolve();
    };
    req.on('drain', done);
    req.on('close', done);
    req.on('error', done);
  });
}

/** Writes a body in slices, honouring backpressure, so a 1 GiB buffer is streamed rather than copied. */
async function writeBody(req: http.ClientRequest, body: Buffer | undefined): Promise<void> {
  if (body) {
    for (let off = 0; off < body.length; off += WRITE_SLICE) {
      if (!req.write(body.subarray(off, off + WRITE_SLICE))) await drained(req);
      if (req.destroyed) return;
    }
  }
  req.end();
}
