import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('config: connection limits', () => {
  it('has the documented defaults (README "Limits")', () => {
    expect(loadConfig({}).limits).toEqual({
      headersTimeoutMs: 60_000,
      requestTimeoutMs: 0,
      clientIdleTimeoutMs: 60_000,
      keepAliveTimeoutMs: 65_000,
      maxHeaderBytes: 16 * 1024,
      maxConnections: 1024,
    });
  });

  it('reads every limit from its OKS3_ variable', () => {
    const limits = loadConfig({
      OKS3_HEADERS_TIMEOUT_MS: '1000',
      OKS3_REQUEST_TIMEOUT_MS: '5000',
      OKS3_CLIENT_IDLE_TIMEOUT_MS: '2000',
      OKS3_KEEP_ALIVE_TIMEOUT_MS: '3000',
      OKS3_MAX_HEADER_BYTES: '8192',
      OKS3_MAX_CONNECTIONS: '10',
    }).limits;
    expect(limits).toEqual({
      headersTimeoutMs: 1000,
      requestTimeoutMs: 5000,
      clientIdleTimeoutMs: 2000,
      keepAliveTimeoutMs: 3000,
      maxHeaderBytes: 8192,
      maxConnections: 10,
    });
  });

  it('refuses a request timeout shorter than the headers timeout, which Node would reject', () => {
    expect(() => loadConfig({ OKS3_REQUEST_TIMEOUT_MS: '1000', OKS3_HEADERS_TIMEOUT_MS: '2000' })).toThrow(
      ConfigError,
    );
  });

  it('refuses a head limit under 1 KiB', () => {
    expect(() => loadConfig({ OKS3_MAX_HEADER_BYTES: '100' })).toThrow(/OKS3_MAX_HEADER_BYTES/);
  });
});
