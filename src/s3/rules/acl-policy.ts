import type { Owner } from '../../accounts/account-directory.js';
import type { Grant } from '../../accounts/grants.js';
import type { Context } from '../action.js';

const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

/**
 * The AccessControlPolicy document of GetBucketAcl/GetObjectAcl: the owner, then every grant with
 * the grantee's type, id and display name (or group URI).
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketAcl.html
 */
export async function aclPolicy(
  ctx: Context,
  owner: Owner,
  grants: readonly Grant[],
): Promise<Record<string, unknown>> {
  const rendered = await Promise.all(
    grants.map(async (g) => {
      if (g.grantee.kind === 'group') {
        return {
          Grantee: { '@xmlns:xsi': XSI, '@xsi:type': 'Group', URI: g.grantee.uri },
          Permission: g.permission,
        };
      }
      const who = await ctx.accounts.owner(g.grantee.id);
      return {
        Grantee: {
          '@xmlns:xsi': XSI,
          '@xsi:type': 'CanonicalUser',
          ID: who.id,
          DisplayName: who.displayName,
        },
        Permission: g.permission,
      };
    }),
  );
  return { Owner: { ID: owner.id, DisplayName: owner.displayName }, AccessControlList: { Grant: rendered } };
}
