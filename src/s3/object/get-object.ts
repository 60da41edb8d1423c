import { defineAction } from '../action.js';
import { readResponse } from '../rules/read-response.js';

/** GetObject: the bytes of the version the request names (Range, partNumber, conditions). */
export const getObject = defineAction({
  name: 'GetObject',
  route: { method: 'GET', target: 'object' },
  permission: { to: 'read-object', iam: 's3:GetObject', versioned: 's3:GetObjectVersion' },
  async run(req, ctx, { bucket, version }) {
    const { range, status, headers } = await readResponse(req, ctx, bucket, version);
    return { status, headers, body: await ctx.objects.open(version, range) };
  },
});
