import { S3Error } from '../../errors.js';
import type { LifecycleFilter, LifecycleRule } from '../../storage/lifecycle-rules.js';
import type { Tag } from '../../storage/types.js';
import { element, integer, invalidArgument, invalidRequest, text } from './lifecycle-xml.js';

const PREDICATES = ['Prefix', 'Tag', 'ObjectSizeGreaterThan', 'ObjectSizeLessThan'];

/**
 * A rule's `Filter` (one predicate, or several under `And`) or its legacy top-level `Prefix`.
 * Two predicates outside `And`, or both `Filter` and `Prefix`, do not match S3's schema.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_LifecycleRuleFilter.html
 */
export function parseRuleFilter(
  filterNode: unknown,
  legacyPrefix: unknown,
): Pick<LifecycleRule, 'form' | 'filter'> {
  if (legacyPrefix !== undefined) {
    if (filterNode !== undefined) throw malformed();
    return { form: 'legacy-prefix', filter: { prefix: text(legacyPrefix), tags: [] } };
  }
  if (filterNode === undefined) throw malformed();
  const node = element(filterNode, [...PREDICATES, 'And']);
  const names = Object.keys(node);
  if (names.length > 1) throw malformed();
  if (names[0] === 'And') {
    const and = element(node.And, PREDICATES);
    if (Object.keys(and).length === 0) throw malformed();
    return { form: 'and', filter: predicates(and) };
  }
  const filter = predicates(node);
  if (filter.tags.length > 1) throw malformed();
  return { form: 'filter', filter };
}

function predicates(node: Record<string, unknown>): LifecycleFilter {
  const filter: LifecycleFilter = { tags: ((node.Tag as unknown[] | undefined) ?? []).map(tag) };
  if (node.Prefix !== undefined) filter.prefix = text(node.Prefix);
  if (node.ObjectSizeGreaterThan !== undefined) filter.sizeGreaterThan = size(node.ObjectSizeGreaterThan);
  if (node.ObjectSizeLessThan !== undefined) filter.sizeLessThan = size(node.ObjectSizeLessThan);
  const { sizeGreaterThan: above, sizeLessThan: below } = filter;
  if (above !== undefined && below !== undefined && above >= below) {
    invalidArgument('ObjectSizeGreaterThan must be less than ObjectSizeLessThan in the same rule.');
  }
  const keys = new Set(filter.tags.map((t) => t.key));
  if (keys.size < filter.tags.length) invalidRequest('Duplicate Tag Keys are not allowed.');
  return filter;
}

function tag(node: unknown): Tag {
  const t = element(node, ['Key', 'Value']);
  if (t.Key === undefined) throw malformed();
  return { key: text(t.Key), value: t.Value === undefined ? '' : text(t.Value) };
}

function size(node: unknown): number {
  const n = integer(node);
  if (n < 0) invalidArgument('Object size filters must be non-negative integers.');
  return n;
}

function malformed(): S3Error {
  return new S3Error('MalformedXML');
}
