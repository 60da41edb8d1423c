import { pipeline, type Readable } from 'node:stream';
import { cannedGrants, type Grant } from '../../accounts/grants.js';
import { canonicalOwnerId } from '../../accounts/root-account.js';
import { type BodyDigest, BodyDigester } from '../../body/body-digester.js';
import { S3Error } from '../../errors.js';
import { newVersion } from '../../storage/new-version.js';
import type { Bucket } from '../../storage/types.js';
import { type Context, defineAction, type S3Request, type S3Result } from '../action.js';
import { authorizeBucket } from '../rules/access.js';
import { cannedAclHeader } from '../rules/canned-acl.js';
import { MAX_PUT_SIZE } from '../rules/declared-size.js';
import { metadataFromHeaders } from '../rules/object-headers.js';
import { lockForNewVersion } from '../rules/object-lock-request.js';
import { writeObjectTags } from '../rules/object-tags.js';
import { type PostForm, readFormUntilFile } from '../rules/post-form.js';
import {
  type ContentLengthRange,
  checkConditions,
  checkNotExpired,
  parsePostPolicy,
} from '../rules/post-policy.js';
import { postObjectResult } from '../rules/post-response.js';
import { verifyPostSignature } from '../rules/post-signature.js';
import { ContentLengthRangeLimit } from '../rules/post-size-limit.js';
import { checkRequestedAcl } from '../rules/public-access.js';
import { encryptionResponseHeaders, requestedEncryption } from '../rules/server-side-encryption.js';
import { parseTaggingField } from '../rules/tag-set.js';
import { refuseUnbuiltFeatures } from '../rules/unbuilt-features.js';
import { writtenVersionHeader } from '../rules/version-id.js';

const MAX_KEY_BYTES = 1024;
/** S3's placeholder in the `key` field for the name of the uploaded file (a literal, not a template). */
const FILENAME_PLACEHOLDER = '$' + '{filename}';
const KEY_REQUIRED =
  "Bucket POST must contain a field named 'key'.  If it is specified, please check the order of the fields.";

/**
 * POST Object: an HTML form upload into `POST /{bucket}` (multipart/form-data, no Authorization
 * header). The signed policy is the authentication: it is verified, and every field checked
 * against it, before one byte of the file is read; the file then streams into blocks under the
 * policy's size limit and becomes visible only at commit.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/RESTObjectPOST.html
 */
export const postObject = defineAction({
  name: 'PostObject',
  route: {
    method: 'POST',
    target: 'bucket',
    header: 'content-type',
    headerValue: /^\s*multipart\/form-data\s*(;|$)/i,
  },
  permission: { to: 'form', iam: 's3:PutObject' },
  async run(req, ctx) {
    const form = await readFormUntilFile(req.raw, req.signal);
    try {
      return await storeForm(req, ctx, form);
    } finally {
      form.stop();
    }
  },
});

async function storeForm(req: S3Request, ctx: Context, form: PostForm): Promise<S3Result> {
  const { fields, file } = form;
  const key = objectKey(fields, file.filename);
  // `signed` is the request as its policy's signer: whose permissions the lock fields need.
  const { bucket, range, signed } = await authorizeForm(req, ctx, fields, key);
  refuseUnbuiltFeatures(Object.fromEntries(fields), { encryption: true });
  // The same names PutObject reads from headers: Content-Type, Cache-Control, x-amz-meta-*, ...
  const meta = metadataFromHeaders(Object.fromEntries(fields));
  const grants = await requestedGrants(ctx, fields, bucket);
  const encryption = await requestedEncryption(Object.fromEntries(fields), ctx, bucket);
  const tagging = fields.get('tagging');
  const tags = tagging === undefined ? [] : parseTaggingField(tagging);
  const lock = await lockForNewVersion(signed, ctx, bucket, key, Object.fromEntries(fields));
  const body = limitedBody(file.stream, range);
  // writeBody discards the blob itself when the stream fails (too large, too small, cut off).
  const written = await ctx.objects.writeBody(body.stream, req.signal, encryption).catch((err: unknown) => {
    throw err instanceof S3Error ? err : (form.failure() ?? err);
  });
  const digest = body.digest();
  // No condition can fail at commit, so there is nothing to discard here: a commit that fails
  // half-way is resolved by the write intent, like PutObject's (docs/ARCHITECTURE.md).
  const version = await ctx.objects.commit(
    newVersion({
      bucket: bucket.name,
      key,
      size: digest.size,
      etag: digest.md5Hex,
      ...meta,
      nullVersion: bucket.versioning !== 'Enabled',
      encryption,
      ...lock,
    }),
    [{ partNumber: 1, blobId: written.blobId, size: written.size, etag: digest.md5Hex, checksum: null }],
  );
  if (grants) await ctx.objects.setGrants(version, grants);
  if (tags.length > 0) await writeObjectTags(ctx, bucket, version, tags);
  const result = postObjectResult(req, fields, {
    bucket: bucket.name,
    key,
    etag: version.etag,
    versionId: writtenVersionHeader(bucket, version),
  });
  return { ...result, headers: { ...result.headers, ...encryptionResponseHeaders(version.encryption, ctx) } };
}

/**
 * With a policy: its signer must be able to write the bucket, and the form must meet the policy.
 * Without one the upload is anonymous, which only a public-read-write bucket accepts (S3's rule).
 */
async function authorizeForm(
  req: S3Request,
  ctx: Context,
  fields: ReadonlyMap<string, string>,
  key: string,
): Promise<{ bucket: Bucket; range: ContentLengthRange; signed: S3Request }> {
  const encoded = fields.get('policy');
  const acl = fields.get('acl');
  const access = {
    need: 'write',
    action: 's3:PutObject',
    key,
    extra: { 's3:authType': 'POST', ...(acl === undefined ? {} : { 's3:x-amz-acl': acl }) },
  } as const;
  if (encoded === undefined || encoded === '') {
    const bucket = await authorizeBucket(req, ctx, req.target.bucket, access);
    return { bucket, range: { min: 0, max: MAX_PUT_SIZE }, signed: req };
  }
  const signer = await verifyPostSignature(fields, encoded, req.secrets);
  const policy = parsePostPolicy(encoded);
  checkNotExpired(policy, new Date());
  // Conditions see the bucket of the URL and the key after ${filename} (as MinIO checks it).
  const values = new Map(fields).set('bucket', req.target.bucket ?? '').set('key', key);
  const range = checkConditions(policy, values, fields.keys());
  const asSigner: S3Request = {
    ...req,
    auth: {
      ...req.auth,
      principal: signer.principal,
      accessKeyId: signer.accessKeyId,
      signatureVersion: signer.signatureVersion,
    },
  };
  const bucket = await authorizeBucket(asSigner, ctx, req.target.bucket, access);
  return {
    signed: asSigner,
    bucket,
    range: { min: range?.min ?? 0, max: Math.min(range?.max ?? MAX_PUT_SIZE, MAX_PUT_SIZE) },
  };
}

/** The `key` field, with `${filename}` replaced by the name of the uploaded file. */
function objectKey(fields: ReadonlyMap<string, string>, filename: string): string {
  const template = fields.get('key');
  if (template === undefined) throw new S3Error('InvalidArgument', KEY_REQUIRED, { ArgumentName: 'key' });
  const key = template.replaceAll(FILENAME_PLACEHOLDER, filename);
  if (key === '') {
    throw new S3Error('InvalidArgument', 'User key must have a length greater than 0.', {
      ArgumentName: 'key',
    });
  }
  if (Buffer.byteLength(key) > MAX_KEY_BYTES) throw new S3Error('KeyTooLongError');
  return key;
}

/**
 * The `acl` field: a canned ACL, checked against the bucket's settings (ACLs disabled,
 * BlockPublicAcls) and stored for the new version as PutObject's x-amz-acl is.
 */
async function requestedGrants(
  ctx: Context,
  fields: ReadonlyMap<string, string>,
  bucket: Bucket,
): Promise<Grant[] | undefined> {
  const canned = cannedAclHeader({ 'x-amz-acl': fields.get('acl') }, 'object');
  if (canned === undefined) return undefined;
  const owner = canonicalOwnerId(bucket.owner);
  const grants = cannedGrants(canned, owner);
  checkRequestedAcl(await ctx.controls.get(bucket), grants, owner);
  return grants;
}

/** file -> size limit -> MD5 (the ETag); the digest is read once the stream has ended. */
function limitedBody(file: Readable, range: ContentLengthRange): { stream: Readable; digest(): BodyDigest } {
  let result: BodyDigest | undefined;
  const digester = new BodyDigester(
    {
      contentMd5: null,
      sha256Hex: null,
      decodedLength: null,
      checksum: { algorithm: null, expected: null, announcedTrailers: [] },
      trailers: new Map(),
    },
    (digest) => {
      result = digest;
    },
  );
  const stream = pipeline(file, new ContentLengthRangeLimit(range), digester, () => {});
  return {
    stream,
    digest() {
      if (!result) throw new Error('the form body ended without a digest');
      return result;
    },
  };
}
