import { defineAction } from '../action.js';
import { readResponse } from '../rules/read-response.js';

/** HeadObject: GetObject's status and headers without the body. */
export const headObject = defineAction({
  name: 'HeadObject',
  route: { method: 'HEAD', target: 'object' },
  permission: { to: 'read-object', iam: 's3:GetObject', versioned: 's3:GetObjectVersion' },
  async run(req, ctx, { bucket, version }) {
    const { status, headers } = await readResponse(req, ctx, bucket, version);
    return { status, headers };
  },
});
