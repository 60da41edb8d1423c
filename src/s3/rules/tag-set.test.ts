import { describe, expect, it } from 'vitest';
import { parseXml } from '../../body/xml-body.js';
import { S3Error } from '../../errors.js';
import { checkTags, parseTaggingDocument, parseTaggingHeader, renderTagging } from './tag-set.js';

function refusal(run: () => unknown): { code: string; message: string; detail: unknown } {
  try {
    run();
  } catch (err) {
    if (err instanceof S3Error) return { code: err.code, message: err.message, detail: err.detail };
    throw err;
  }
  throw new Error('expected a refusal');
}

const doc = (tags: string) => parseXml(`<Tagging><TagSet>${tags}</TagSet></Tagging>`, ['Tag']);
const tag = (k: string, v: string) => `<Tag><Key>${k}</Key><Value>${v}</Value></Tag>`;

describe('checkTags', () => {
  it('accepts 10 object tags of 128-character keys and 256-character values, and no 11th', () => {
    const ten = Array.from({ length: 10 }, (_, i) => ({
      key: `${i}`.padEnd(128, 'k'),
      value: 'v'.repeat(256),
    }));
    expect(checkTags(ten, 'object')).toHaveLength(10);
    expect(refusal(() => checkTags([...ten, { key: 'x', value: '' }], 'object'))).toMatchObject({
      code: 'BadRequest',
      message: 'Object tags cannot be greater than 10',
    });
  });

  it('allows 50 bucket tags and no 51st', () => {
    const fifty = Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, value: '' }));
    expect(checkTags(fifty, 'bucket')).toHaveLength(50);
    expect(refusal(() => checkTags([...fifty, { key: 'x', value: '' }], 'bucket'))).toMatchObject({
      code: 'BadRequest',
      message: 'Bucket tag count cannot be greater than 50',
    });
  });

  it('takes letters and digits of any script, spaces and _ . : / = + - @, and refuses other characters', () => {
    const fine = { key: 'Ключ 名前 ١٢ _.:/=+-@', value: 'É ü ß 9' };
    expect(checkTags([fine], 'object')).toEqual([fine]);
    for (const bad of ['a,b', 'a;b', 'a*b', 'a#b', 'a%b', 'a(b)', 'a\tb', '😀', 'a&b', '<']) {
      expect(refusal(() => checkTags([{ key: bad, value: 'v' }], 'object'))).toEqual({
        code: 'InvalidTag',
        message: 'The TagKey you have provided is invalid',
        detail: { TagKey: bad },
      });
      expect(refusal(() => checkTags([{ key: 'k', value: bad }], 'object'))).toEqual({
        code: 'InvalidTag',
        message: 'The TagValue you have provided is invalid',
        detail: { TagKey: 'k', TagValue: bad },
      });
    }
  });

  it('counts length in UTF-16 units: 64 letters outside the BMP are 128, 65 are too many', () => {
    const astral = '𝐀'; // U+1D400, a letter, two UTF-16 units
    expect(checkTags([{ key: astral.repeat(64), value: '' }], 'object')).toHaveLength(1);
    expect(refusal(() => checkTags([{ key: astral.repeat(65), value: '' }], 'object')).code).toBe(
      'InvalidTag',
    );
    expect(refusal(() => checkTags([{ key: 'k'.repeat(129), value: '' }], 'object')).code).toBe('InvalidTag');
    expect(refusal(() => checkTags([{ key: 'k', value: 'v'.repeat(257) }], 'object')).message).toBe(
      'The TagValue you have provided is invalid',
    );
    expect(refusal(() => checkTags([{ key: '', value: 'v' }], 'object')).message).toBe(
      'The TagKey you have provided is invalid',
    );
  });

  it('refuses duplicate keys and the reserved aws: prefix, in any case', () => {
    expect(
      refusal(() =>
        checkTags(
          [
            { key: 'a', value: '1' },
            { key: 'a', value: '2' },
          ],
          'object',
        ),
      ),
    ).toEqual({
      code: 'InvalidTag',
      message: 'Cannot provide multiple Tags with the same key',
      detail: { TagKey: 'a' },
    });
    expect(refusal(() => checkTags([{ key: 'AWS:x', value: '1' }], 'object'))).toMatchObject({
      code: 'InvalidTag',
      message: 'Your TagKey cannot be prefixed with aws:',
    });
    expect(refusal(() => checkTags([{ key: 'aws:x', value: '1' }], 'bucket'))).toMatchObject({
      code: 'InvalidTag',
      message: 'System tags cannot be added/updated by requester',
    });
    expect(checkTags([{ key: 'awsx', value: '1' }], 'object')).toHaveLength(1);
  });
});

describe('parseTaggingDocument', () => {
  it('reads the tags in document order, an empty TagSet as none, an empty Value as ""', () => {
    expect(parseTaggingDocument(doc(tag('b', '2') + tag('a', '')), 'object')).toEqual([
      { key: 'b', value: '2' },
      { key: 'a', value: '' },
    ]);
    expect(parseTaggingDocument(doc(''), 'object')).toEqual([]);
    expect(parseTaggingDocument(parseXml('<Tagging><TagSet/></Tagging>', ['Tag']), 'bucket')).toEqual([]);
    expect(parseTaggingDocument(doc('<Tag><Key>k</Key><Value/></Tag>'), 'object')).toEqual([
      { key: 'k', value: '' },
    ]);
  });

  it('is MalformedXML without Tagging or TagSet, or for a Tag without Key or Value', () => {
    for (const xml of [
      '<Other/>',
      '<Tagging></Tagging>',
      '<Tagging><TagSet><Tag><Key>k</Key></Tag></TagSet></Tagging>',
      '<Tagging><TagSet><Tag><Value>v</Value></Tag></TagSet></Tagging>',
      '<Tagging><TagSet><Tag><Key><A/></Key><Value>v</Value></Tag></TagSet></Tagging>',
    ]) {
      expect(refusal(() => parseTaggingDocument(parseXml(xml, ['Tag']), 'object')).code).toBe('MalformedXML');
    }
  });
});

describe('parseTaggingHeader', () => {
  it('reads URL query parameters: + is a space, a bare key has the empty value, empty pairs are skipped', () => {
    expect(parseTaggingHeader('a=1&b+c=x%2Fy&&d')).toEqual([
      { key: 'a', value: '1' },
      { key: 'b c', value: 'x/y' },
      { key: 'd', value: '' },
    ]);
    expect(parseTaggingHeader('&')).toEqual([]);
  });

  it('is InvalidArgument for duplicate keys, a pair with two =, or a bad escape', () => {
    for (const header of ['a=1&a=2', 'TagSet=[{Key=string,Value=string}]', 'a=%zz']) {
      expect(refusal(() => parseTaggingHeader(header))).toEqual({
        code: 'InvalidArgument',
        message:
          "The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query parameters without tag name duplicates.",
        detail: { ArgumentName: 'x-amz-tagging', ArgumentValue: header },
      });
    }
  });

  it('checks the decoded tags like any tag set', () => {
    expect(refusal(() => parseTaggingHeader('k=a%2Ab')).code).toBe('InvalidTag');
    const eleven = Array.from({ length: 11 }, (_, i) => `k${i}=v`).join('&');
    expect(refusal(() => parseTaggingHeader(eleven)).code).toBe('BadRequest');
  });
});

describe('renderTagging', () => {
  it('renders an empty TagSet element for no tags', () => {
    expect(renderTagging([])).toEqual({ TagSet: '' });
    expect(renderTagging([{ key: 'k', value: 'v' }])).toEqual({
      TagSet: { Tag: [{ Key: 'k', Value: 'v' }] },
    });
  });
});
