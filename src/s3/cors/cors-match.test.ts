import { describe, expect, it } from 'vitest';
import type { CorsRule } from '../../storage/cors-store.js';
import { corsResponseHeaders, matchCorsRule, requestedHeaderNames, wildcardMatch } from './cors-match.js';

function rule(fields: Partial<CorsRule>): CorsRule {
  return { allowedMethods: ['GET'], allowedOrigins: ['*'], allowedHeaders: [], exposeHeaders: [], ...fields };
}

describe('wildcardMatch', () => {
  it('anchors a pattern at both ends and lets its one * match any run, the empty one included', () => {
    expect(wildcardMatch('*suffix', 'foo.suffix')).toBe(true);
    expect(wildcardMatch('*suffix', 'foo.suffix.get')).toBe(false);
    expect(wildcardMatch('start*end', 'startend')).toBe(true);
    expect(wildcardMatch('start*end', 'start12end')).toBe(true);
    expect(wildcardMatch('start*end', '0start12end')).toBe(false);
    expect(wildcardMatch('prefix*', 'prefix')).toBe(true);
    expect(wildcardMatch('prefix*', 'bla.prefix')).toBe(false);
    expect(wildcardMatch('ab*ba', 'aba')).toBe(false);
  });

  it('compares scheme, host and port as written', () => {
    expect(wildcardMatch('http://*.sample.com', 'http://this.sample.com')).toBe(true);
    expect(wildcardMatch('http://*.sample.com', 'http://this.sample.com:80')).toBe(false);
    expect(wildcardMatch('http://www.example.com', 'https://www.example.com')).toBe(false);
  });
});

describe('matchCorsRule', () => {
  const rules = [
    rule({ id: 'writers', allowedOrigins: ['http://www.example1.com'], allowedMethods: ['PUT', 'POST'] }),
    rule({
      id: 'readers',
      allowedOrigins: ['http://www.example1.com'],
      allowedHeaders: ['x-amz-*', 'Content-Type'],
    }),
    rule({ id: 'heads', allowedMethods: ['HEAD'] }),
  ];

  it('takes the first rule that allows the origin and the method', () => {
    expect(matchCorsRule(rules, 'http://www.example1.com', 'PUT')?.id).toBe('writers');
    expect(matchCorsRule(rules, 'http://www.example1.com', 'GET')?.id).toBe('readers');
    expect(matchCorsRule(rules, 'http://other', 'HEAD')?.id).toBe('heads');
    expect(matchCorsRule(rules, 'http://other', 'GET')).toBeUndefined();
    expect(matchCorsRule(rules, 'http://www.example1.com', 'DELETE')).toBeUndefined();
  });

  it('needs every requested header to match an allowed one, ignoring case', () => {
    const origin = 'http://www.example1.com';
    expect(matchCorsRule(rules, origin, 'GET', ['x-amz-date', 'content-type'])?.id).toBe('readers');
    expect(matchCorsRule(rules, origin, 'GET', ['x-amz-date', 'date'])).toBeUndefined();
    expect(matchCorsRule(rules, origin, 'PUT', ['content-type'])).toBeUndefined();
  });
});

describe('requestedHeaderNames', () => {
  it('splits, trims and lower-cases the list, dropping empty items', () => {
    expect(requestedHeaderNames('x-AMZ-date, Content-Type,,')).toEqual(['x-amz-date', 'content-type']);
    expect(requestedHeaderNames(undefined)).toEqual([]);
  });
});

describe('corsResponseHeaders', () => {
  it('echoes the origin with credentials, and lists methods, exposed headers and max age', () => {
    const r = rule({
      allowedOrigins: ['http://a.example'],
      allowedMethods: ['GET', 'PUT'],
      exposeHeaders: ['ETag', 'x-amz-request-id'],
      maxAgeSeconds: 3000,
    });
    expect(corsResponseHeaders(r, 'http://a.example')).toEqual({
      'Access-Control-Allow-Origin': 'http://a.example',
      'Access-Control-Allow-Methods': 'GET, PUT',
      'Access-Control-Allow-Credentials': 'true',
      'Access-Control-Expose-Headers': 'ETag, x-amz-request-id',
      'Access-Control-Max-Age': '3000',
      Vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method',
    });
  });

  it('answers * without credentials for a rule open to every origin', () => {
    expect(corsResponseHeaders(rule({ allowedMethods: ['HEAD'] }), 'http://x')).toEqual({
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Allow-Methods': 'HEAD',
      Vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method',
    });
  });
});
