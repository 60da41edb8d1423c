import { S3Error } from '../../errors.js';
import { defineAction } from '../action.js';
import { authorizeObjectRead } from '../rules/access.js';
import { iamFor } from '../rules/iam-names.js';
import { attributesXml, requestedAttributes, requestedPartsPage } from '../rules/object-attributes.js';
import { policyVerdict } from '../rules/policy-verdict.js';
import { versionHeader } from '../rules/version-id.js';

/**
 * GetObjectAttributes (`GET /{bucket}/{key}?attributes`): what HeadObject and ListParts would
 * tell, in one XML answer. S3 wants both `s3:GetObjectAttributes` and `s3:GetObject` (with a
 * versionId `s3:GetObjectVersionAttributes` and `s3:GetObjectVersion`): each is granted by the
 * bucket policy's Allow, or else by READ in the version's ACL (the declared permission checks the
 * first, `run` the second), and a Deny of either refuses.
 */
export const getObjectAttributes = defineAction({
  name: 'GetObjectAttributes',
  route: { method: 'GET', target: 'object', query: 'attributes' },
  permission: {
    to: 'read-object',
    iam: 's3:GetObjectAttributes',
    versioned: 's3:GetObjectVersionAttributes',
  },
  async run(req, ctx, { bucket, version }) {
    const versionId = req.target.query.get('versionId');
    const read = iamFor({ iam: 's3:GetObject', versioned: 's3:GetObjectVersion' }, versionId);
    const extra: Record<string, string> = versionId === undefined ? {} : { 's3:VersionId': versionId };
    const readVerdict = await policyVerdict(req, ctx, bucket, { action: read, key: version.key, extra });
    if (readVerdict === 'Deny') throw new S3Error('AccessDenied');
    if (readVerdict === 'None') await authorizeObjectRead(req, ctx, bucket, version);
    const wanted = requestedAttributes(req.headers);
    const page = requestedPartsPage(req.headers);
    // Only a COMPOSITE multipart checksum lists its parts (rules/object-attributes.ts).
    const listsParts = wanted.has('ObjectParts') && version.checksum?.type === 'COMPOSITE';
    const segments =
      listsParts && version.partsCount !== null ? await ctx.objects.segments(version) : undefined;
    return {
      status: 200,
      headers: {
        'Last-Modified': version.lastModified.toUTCString(),
        'x-amz-version-id': versionHeader(bucket, version),
      },
      xml: { root: 'GetObjectAttributesResponse', value: attributesXml(wanted, version, segments, page) },
    };
  },
});
