import { describe, expect, it } from 'vitest';
import { S3Error } from '../errors.js';
import { parseXml } from './xml-body.js';

function keys(body: string): unknown {
  const doc = parseXml(`<?xml version="1.0" encoding="UTF-8"?>\n<Delete>\n  ${body}\n</Delete>`, ['Object']);
  return (doc.Delete as { Object: { Key: unknown }[] }).Object.map((o) => o.Key);
}

function malformed(text: string): string | undefined {
  try {
    parseXml(text);
    return undefined;
  } catch (err) {
    return err instanceof S3Error ? err.code : 'not an S3Error';
  }
}

describe('request XML parsing', () => {
  it('keeps whitespace in values exactly', () => {
    expect(
      keys('<Object><Key>   </Key></Object><Object><Key>_ </Key></Object><Object><Key>\ta\t</Key></Object>'),
    ).toEqual(['   ', '_ ', '\ta\t']);
  });

  it('decodes the five predefined entities once, and character references', () => {
    expect(
      keys('<Object><Key>&amp;&lt;&gt;&quot;&apos;</Key></Object><Object><Key>&amp;lt;</Key></Object>'),
    ).toEqual(['&<>"\'', '&lt;']);
    expect(keys('<Object><Key>&#38;&#x26;&#233;&#x1F600;&#9;</Key></Object>')).toEqual(['&&é😀\t']);
  });

  it('keeps non-ASCII and long values byte for byte', () => {
    const long = `${'k'.repeat(1023)}é`;
    expect(keys(`<Object><Key>${long}</Key></Object><Object><Key>日本語 キー</Key></Object>`)).toEqual([
      long,
      '日本語 キー',
    ]);
  });

  it('drops the indentation between elements but not empty values', () => {
    const doc = parseXml('<A>\n  <B>\n    <C></C>\n  </B>\n</A>');
    expect(doc).toEqual({ A: { B: { C: '' } } });
  });

  it('refuses document type declarations, undefined entities and invalid references', () => {
    expect(malformed('<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>')).toBe('MalformedXML');
    expect(malformed('<a>&nbsp;</a>')).toBe('MalformedXML');
    expect(malformed('<a>&#0;</a>')).toBe('MalformedXML');
    expect(malformed('<a>&#xD800;</a>')).toBe('MalformedXML');
    expect(malformed('<a>a & b</a>')).toBe('MalformedXML');
    expect(malformed('<a>ok</a>')).toBeUndefined();
  });
});
