import type { Action, Context, Permission, S3Request, S3Result } from './action.js';
import { authorize } from './rules/authorize.js';
import { refuseUnbuiltFeatures } from './rules/unbuilt-features.js';

/**
 * Runs one action for a request: headers of unbuilt features are refused, the declared permission
 * is checked (once, here), then the action runs with what the check loaded.
 */
export async function perform<P extends Permission>(
  action: Action<P>,
  req: S3Request,
  ctx: Context,
): Promise<S3Result> {
  refuseUnbuiltFeatures(req.headers, { encryption: action.encryption === true });
  const granted = await authorize(action.permission, req, ctx);
  return action.run(req, ctx, granted);
}
