import type { IamAction } from '../../policy/iam-actions.js';
import type { IamNames } from '../action.js';

/** The IAM action of a request: the `versioned` name when it addresses a version by id. */
export function iamFor(names: IamNames, versionId: string | undefined): IamAction {
  return versionId !== undefined && names.versioned ? names.versioned : names.iam;
}
