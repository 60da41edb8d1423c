import { S3Error } from '../../errors.js';
import { defineAction } from '../action.js';
import { iamFor } from '../rules/iam-names.js';
import { attributesXml, requestedAttributes, requestedPartsPage } from '../rules/object-attributes.js';
import { policyVerdict } from '../rules/policy-verdict.js';
import { versionHeader } from '../rules/version-id.js';

/**
 * GetObjectAttributes (`GET /{bucket}/{key}?attributes`): what HeadObject and ListParts would
 * tell, in one XML answer. It needs read access to the version (its ACL's READ, as GetObject)
 * and, in the bucket policy, `s3:GetObjectAttributes` (`s3:GetObjectVersionAttributes` with a
 * versionId); S3 asks for `s3:GetObject(Version)` too, so a policy Deny of the read refuses.
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
    const wanted = requestedAttributes(req.headers);
    const page = requestedPartsPage(req.headers);
    const versionId = req.target.query.get('versionId');
    const read = iamFor({ iam: 's3:GetObject', versioned: 's3:GetObjectVersion' }, versionId);
    const extra: Record<string, string> = versionId === undefined ? {} : { 's3:VersionId': versionId };
    if ((await policyVerdict(req, ctx, bucket, { action: read, key: version.key, extra })) === 'Deny') {
      throw new S3Error('AccessDenied');
    }
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
