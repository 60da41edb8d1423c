import { describe, expect, it } from 'vitest';
import { S3Error } from '../../errors.js';
import type { Bucket } from '../../storage/types.js';
import { requestedLock, retainUntil } from './object-lock-request.js';

const NOW = new Date('2026-06-01T00:00:00.000Z');
const LOCKED: Bucket = {
  name: 'b',
  owner: 'o',
  createdAt: NOW,
  acl: 'private',
  versioning: 'Enabled',
  region: 'us-east-1',
  objectLock: {},
};

function code(fn: () => unknown): string {
  try {
    fn();
    return 'ok';
  } catch (err) {
    return err instanceof S3Error ? err.code : String(err);
  }
}

describe('requestedLock', () => {
  it('reads mode, date and hold, with or without milliseconds and with an offset', () => {
    expect(
      requestedLock(
        {
          'x-amz-object-lock-mode': 'COMPLIANCE',
          'x-amz-object-lock-retain-until-date': '2026-06-02T02:00:00+02:00',
          'x-amz-object-lock-legal-hold': 'OFF',
        },
        LOCKED,
        NOW,
      ),
    ).toEqual({
      retention: { mode: 'COMPLIANCE', until: new Date('2026-06-02T00:00:00.000Z') },
      legalHold: false,
    });
    expect(retainUntil('2026-06-01T00:00:00.001Z', NOW).getTime()).toBe(NOW.getTime() + 1);
  });

  it('refuses what S3 refuses, and any lock header in a bucket without Object Lock', () => {
    const date = '2027-01-01T00:00:00Z';
    expect(code(() => requestedLock({ 'x-amz-object-lock-mode': 'GOVERNANCE' }, LOCKED, NOW))).toBe(
      'InvalidArgument',
    );
    expect(code(() => requestedLock({ 'x-amz-object-lock-retain-until-date': date }, LOCKED, NOW))).toBe(
      'InvalidArgument',
    );
    const mode = (m: string, d = date) =>
      code(() =>
        requestedLock({ 'x-amz-object-lock-mode': m, 'x-amz-object-lock-retain-until-date': d }, LOCKED, NOW),
      );
    expect(mode('governance')).toBe('InvalidArgument');
    expect(mode('GOVERNANCE', '2026-06-01T00:00:00Z')).toBe('InvalidArgument'); // not after now
    expect(mode('GOVERNANCE', '2027-01-01')).toBe('InvalidArgument'); // no time
    expect(mode('GOVERNANCE', 'tomorrow')).toBe('InvalidArgument');
    expect(code(() => requestedLock({ 'x-amz-object-lock-legal-hold': 'on' }, LOCKED, NOW))).toBe(
      'InvalidArgument',
    );
    const { objectLock: _none, ...unlocked } = LOCKED;
    expect(code(() => requestedLock({ 'x-amz-object-lock-legal-hold': 'ON' }, unlocked, NOW))).toBe(
      'InvalidRequest',
    );
    expect(requestedLock({}, unlocked, NOW)).toEqual({});
  });
});
