import type { Bucket, ObjectVersion, Tag } from '../../storage/types.js';
import type { Context } from '../action.js';

/**
 * Gives a version its tags (an empty set removes them). A bucket learns first that one of its
 * objects has tags, so GET and HEAD in buckets that never had any skip the read of the tags.
 */
export async function writeObjectTags(
  ctx: Context,
  bucket: Bucket,
  version: Pick<ObjectVersion, 'bucket' | 'key' | 'versionId'>,
  tags: readonly Tag[],
): Promise<void> {
  if (tags.length > 0) await ctx.buckets.noteTaggedObjects(bucket);
  await ctx.objects.setTags(version, tags);
}
