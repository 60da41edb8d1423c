import { describe, expect, it } from 'vitest';
import { parseXml } from '../../body/xml-body.js';
import { S3Error } from '../../errors.js';
import { CORS_ARRAY_TAGS, parseCorsConfiguration, renderCorsConfiguration } from './cors-configuration.js';

function parse(xml: string) {
  return parseCorsConfiguration(parseXml(xml, CORS_ARRAY_TAGS));
}

function refusal(xml: string): { code: string; message: string } {
  try {
    parse(xml);
  } catch (err) {
    if (err instanceof S3Error) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error('accepted');
}

const NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';

function rules(...inner: string[]): string {
  return `<CORSConfiguration ${NS}>${inner.map((r) => `<CORSRule>${r}</CORSRule>`).join('')}</CORSConfiguration>`;
}

describe('parseCorsConfiguration', () => {
  it('reads every element of a rule, lists in order', () => {
    const parsed = parse(
      rules(
        '<ID>r1</ID><AllowedOrigin>http://a</AllowedOrigin><AllowedOrigin>http://*.b</AllowedOrigin>' +
          '<AllowedMethod>PUT</AllowedMethod><AllowedMethod>GET</AllowedMethod><AllowedHeader>*</AllowedHeader>' +
          '<ExposeHeader>ETag</ExposeHeader><MaxAgeSeconds>3000</MaxAgeSeconds>',
        '<AllowedOrigin></AllowedOrigin><AllowedMethod>HEAD</AllowedMethod>',
      ),
    );
    expect(parsed).toEqual([
      {
        id: 'r1',
        allowedOrigins: ['http://a', 'http://*.b'],
        allowedMethods: ['PUT', 'GET'],
        allowedHeaders: ['*'],
        exposeHeaders: ['ETag'],
        maxAgeSeconds: 3000,
      },
      { allowedOrigins: [''], allowedMethods: ['HEAD'], allowedHeaders: [], exposeHeaders: [] },
    ]);
    expect(renderCorsConfiguration(parsed)).toEqual({
      CORSRule: [
        {
          ID: 'r1',
          AllowedHeader: ['*'],
          AllowedMethod: ['PUT', 'GET'],
          AllowedOrigin: ['http://a', 'http://*.b'],
          ExposeHeader: ['ETag'],
          MaxAgeSeconds: 3000,
        },
        { AllowedMethod: ['HEAD'], AllowedOrigin: [''] },
      ],
    });
  });

  it('refuses a document without rules, or a rule without an origin or a method, as MalformedXML', () => {
    expect(refusal(`<CORSConfiguration ${NS}/>`).code).toBe('MalformedXML');
    expect(refusal(`<CORSConfiguration ${NS}><CORSRule/></CORSConfiguration>`).code).toBe('MalformedXML');
    expect(refusal(rules('<AllowedMethod>GET</AllowedMethod>')).code).toBe('MalformedXML');
    expect(refusal(rules('<AllowedOrigin>*</AllowedOrigin>')).code).toBe('MalformedXML');
    expect(refusal('<Other><CORSRule/></Other>').code).toBe('MalformedXML');
  });

  it('refuses a MaxAgeSeconds that is not a non-negative integer', () => {
    for (const value of ['-1', 'ten', '1.5', '']) {
      const xml = rules(
        `<AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod><MaxAgeSeconds>${value}</MaxAgeSeconds>`,
      );
      expect(refusal(xml).code).toBe('MalformedXML');
    }
  });

  it("refuses what S3 refuses as InvalidRequest, in S3's words", () => {
    const ok = '<AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod>';
    expect(refusal(rules('<AllowedOrigin>*</AllowedOrigin><AllowedMethod>OPTIONS</AllowedMethod>'))).toEqual({
      code: 'InvalidRequest',
      message: 'Found unsupported HTTP method in CORS config. Unsupported method is OPTIONS',
    });
    expect(
      refusal(rules('<AllowedOrigin>*example*.com</AllowedOrigin><AllowedMethod>GET</AllowedMethod>')),
    ).toEqual({
      code: 'InvalidRequest',
      message: 'AllowedOrigin "*example*.com" can not have more than one wildcard.',
    });
    expect(refusal(rules(`${ok}<AllowedHeader>x-*-*</AllowedHeader>`))).toEqual({
      code: 'InvalidRequest',
      message: 'AllowedHeader "x-*-*" can not have more than one wildcard.',
    });
    expect(refusal(rules(`${ok}<ExposeHeader>x-amz-*</ExposeHeader>`))).toEqual({
      code: 'InvalidRequest',
      message:
        'ExposeHeader "x-amz-*" contains wildcard. We currently do not support wildcard for ExposeHeader.',
    });
    expect(refusal(rules(...Array.from({ length: 101 }, () => ok)))).toEqual({
      code: 'InvalidRequest',
      message: 'The number of CORS rules should not exceed allowed limit of 100 rules.',
    });
    expect(parse(rules(...Array.from({ length: 100 }, () => ok)))).toHaveLength(100);
  });
});
