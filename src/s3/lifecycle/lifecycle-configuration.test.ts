import { describe, expect, it } from 'vitest';
import { parseXml } from '../../body/xml-body.js';
import { LIFECYCLE_ARRAY_TAGS, parseLifecycleConfiguration } from './lifecycle-configuration.js';
import { renderLifecycleConfiguration } from './lifecycle-render.js';

const parse = (xml: string) => parseLifecycleConfiguration(parseXml(xml, LIFECYCLE_ARRAY_TAGS));

describe('parseLifecycleConfiguration', () => {
  it('reads every filter form and action, and renders them back as written', () => {
    const rules = parse(
      `<LifecycleConfiguration>
<Rule><ID>legacy</ID><Prefix>old/</Prefix><Status>Enabled</Status><Expiration><Days>3</Days></Expiration></Rule>
<Rule><ID>tag</ID><Filter><Tag><Key>k</Key><Value>v</Value></Tag></Filter><Status>Disabled</Status>
<Expiration><Date>2030-01-01T00:00:00.000Z</Date></Expiration></Rule>
<Rule><ID>and</ID><Filter><And><Prefix>p/</Prefix><Tag><Key>a</Key><Value>1</Value></Tag><Tag><Key>b</Key><Value>2</Value></Tag>
<ObjectSizeGreaterThan>5</ObjectSizeGreaterThan><ObjectSizeLessThan>9</ObjectSizeLessThan></And></Filter><Status>Enabled</Status>
<NoncurrentVersionExpiration><NoncurrentDays>7</NoncurrentDays><NewerNoncurrentVersions>2</NewerNoncurrentVersions></NoncurrentVersionExpiration></Rule>
<Rule><ID>markers</ID><Filter></Filter><Status>Enabled</Status><Expiration><ExpiredObjectDeleteMarker>true</ExpiredObjectDeleteMarker></Expiration>
<AbortIncompleteMultipartUpload><DaysAfterInitiation>1</DaysAfterInitiation></AbortIncompleteMultipartUpload></Rule>
</LifecycleConfiguration>`.replace(/\n/g, ''),
    );
    expect(rules.map((r) => [r.id, r.form, r.enabled])).toEqual([
      ['legacy', 'legacy-prefix', true],
      ['tag', 'filter', false],
      ['and', 'and', true],
      ['markers', 'filter', true],
    ]);
    expect(rules[1]!.expiration).toEqual({ date: Date.parse('2030-01-01T00:00:00Z') });
    expect(rules[2]!.filter).toEqual({
      prefix: 'p/',
      tags: [
        { key: 'a', value: '1' },
        { key: 'b', value: '2' },
      ],
      sizeGreaterThan: 5,
      sizeLessThan: 9,
    });
    expect(rules[3]!.abortIncompleteUploadDays).toBe(1);
    const rendered = renderLifecycleConfiguration(rules).Rule as Record<string, unknown>[];
    expect(rendered[0]).toEqual({ ID: 'legacy', Prefix: 'old/', Status: 'Enabled', Expiration: { Days: 3 } });
    expect(rendered[1]!.Expiration).toEqual({ Date: '2030-01-01T00:00:00.000Z' });
    expect(rendered[2]!.Filter).toEqual({
      And: {
        Prefix: 'p/',
        Tag: [
          { Key: 'a', Value: '1' },
          { Key: 'b', Value: '2' },
        ],
        ObjectSizeGreaterThan: 5,
        ObjectSizeLessThan: 9,
      },
    });
    expect(rendered[3]!.Filter).toEqual({});
  });

  it('gives a rule without an ID one of its own', () => {
    const [rule] = parse(
      '<LifecycleConfiguration><Rule><Filter/><Status>Enabled</Status><Expiration><Days>1</Days></Expiration></Rule></LifecycleConfiguration>',
    );
    expect(rule!.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses a size range that selects nothing and duplicate tag keys', () => {
    const sized = (gt: number, lt: number) =>
      `<LifecycleConfiguration><Rule><Filter><And><ObjectSizeGreaterThan>${gt}</ObjectSizeGreaterThan><ObjectSizeLessThan>${lt}</ObjectSizeLessThan></And></Filter><Status>Enabled</Status><Expiration><Days>1</Days></Expiration></Rule></LifecycleConfiguration>`;
    expect(() => parse(sized(9, 9))).toThrow(expect.objectContaining({ code: 'InvalidArgument' }));
    const dupTags =
      '<LifecycleConfiguration><Rule><Filter><And><Tag><Key>a</Key><Value>1</Value></Tag><Tag><Key>a</Key><Value>2</Value></Tag></And></Filter><Status>Enabled</Status><Expiration><Days>1</Days></Expiration></Rule></LifecycleConfiguration>';
    expect(() => parse(dupTags)).toThrow(expect.objectContaining({ code: 'InvalidRequest' }));
  });
});
