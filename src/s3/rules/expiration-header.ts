import { earliestExpiry, rulesUseTags } from '../../storage/lifecycle-rules.js';
import type { Bucket, ObjectVersion, Tag } from '../../storage/types.js';
import type { Context } from '../action.js';

/**
 * `x-amz-expiration` of a current version that an enabled Expiration rule (Days or Date) selects:
 * `expiry-date="Fri, 23 Dec 2012 00:00:00 GMT", rule-id="..."`, the earliest such rule's. The date
 * is the one the executor acts from (storage/lifecycle-rules.ts lifecycleDeadline); it acts at its
 * first pass after it. `tags` are the version's, when the caller has read them.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html#API_GetObject_ResponseSyntax
 */
export async function expirationHeader(
  ctx: Context,
  bucket: Bucket,
  version: ObjectVersion,
  tags?: readonly Tag[],
): Promise<Record<string, string>> {
  if (version.isDeleteMarker) return {};
  const rules = await ctx.lifecycle.get(bucket);
  if (!rules) return {};
  const known = tags ?? (rulesUseTags(rules) && bucket.taggedObjects ? await ctx.objects.tags(version) : []);
  const subject = { key: version.key, size: version.size, tags: known };
  const due = earliestExpiry(rules, subject, version.lastModified, ctx.config.lifecycleDaySeconds);
  if (!due) return {};
  return { 'x-amz-expiration': `expiry-date="${due.at.toUTCString()}", rule-id="${headerSafe(due.ruleId)}"` };
}

/** A rule ID is any text; a header carries printable ASCII, so the rest is percent-encoded. */
function headerSafe(id: string): string {
  return id.replace(/[^\x20-\x7e]/gu, (ch) => encodeURIComponent(ch));
}
