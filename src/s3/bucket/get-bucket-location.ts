import type { Operation } from '../action.js';
import { authorizeBucket } from '../rules/access.js';

/** us-east-1 is reported as an empty LocationConstraint, as AWS does. */
export const getBucketLocation: Operation = async (req, services) => {
  const bucket = await authorizeBucket(req, services, 'owner');
  const region = bucket.region === 'us-east-1' ? '' : bucket.region;
  return { status: 200, xml: { root: 'LocationConstraint', value: { '#text': region } } };
};
