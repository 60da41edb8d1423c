import { S3Error } from '../errors.js';
import type { Action, RequestTarget, Route, TargetKind } from '../s3/action.js';
import { ACTIONS } from '../s3/actions.js';

/** Query parameters that select an S3 subresource; one no route handles means "not implemented". */
const SUBRESOURCES = [
  'accelerate',
  'acl',
  'analytics',
  'attributes',
  'cors',
  'delete',
  'encryption',
  'intelligent-tiering',
  'inventory',
  'legal-hold',
  'lifecycle',
  'location',
  'logging',
  'metrics',
  'notification',
  'object-lock',
  'ownershipControls',
  'policy',
  'policyStatus',
  'publicAccessBlock',
  'replication',
  'requestPayment',
  'restore',
  'retention',
  'select',
  'tagging',
  'torrent',
  'uploadId',
  'uploads',
  'versioning',
  'versions',
  'website',
];

function targetKind(target: RequestTarget): TargetKind {
  if (target.bucket === undefined) return 'service';
  return target.key === undefined ? 'bucket' : 'object';
}

/** The action a request is for: its reserved path, else method, target kind, subresource, header. */
export function resolveAction(
  method: string,
  target: RequestTarget,
  headers: Record<string, unknown>,
): Action {
  const reserved = ACTIONS.find(
    (a) =>
      a.route.reservedBucket !== undefined &&
      a.route.reservedBucket === target.bucket &&
      target.style === 'path' &&
      a.route.method === method,
  );
  if (reserved) return reserved;
  const kind = targetKind(target);
  const candidates = ACTIONS.filter(
    (a) => a.route.reservedBucket === undefined && a.route.method === method && a.route.target === kind,
  );
  if (candidates.length === 0) throw new S3Error('MethodNotAllowed');
  const matching = candidates.filter(
    ({ route }) =>
      (route.query === undefined || target.query.has(route.query)) && headerMatches(route, headers),
  );
  const best = matching.sort((a, b) => specificity(b.route) - specificity(a.route))[0];
  const unhandled = SUBRESOURCES.find((s) => target.query.has(s) && best?.route.query !== s);
  if (!best || unhandled !== undefined) {
    throw new S3Error('NotImplemented', `${method} ?${unhandled ?? ''} is not implemented by OK-S3.`);
  }
  return best;
}

function headerMatches(r: Route, headers: Record<string, unknown>): boolean {
  if (r.header === undefined) return true;
  const value = headers[r.header];
  return value !== undefined && (r.headerValue === undefined || r.headerValue.test(String(value)));
}

function specificity(r: Route): number {
  return (r.query ? 2 : 0) + (r.header ? 1 : 0);
}
