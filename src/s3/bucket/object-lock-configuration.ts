import { S3Error } from '../../errors.js';
import type { DefaultRetention, ObjectLockConfig } from '../../storage/types.js';
import { isRetentionMode } from '../rules/object-lock-request.js';

/**
 * The ObjectLockConfiguration document of Put/GetObjectLockConfiguration, checked as S3 checks it.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObjectLockConfiguration.html
 */

export const MAX_LOCK_CONFIGURATION_BYTES = 64 * 1024;

/** The configuration a PutObjectLockConfiguration body asks for. */
export function parseObjectLockConfiguration(doc: Record<string, unknown>): ObjectLockConfig {
  const root = doc.ObjectLockConfiguration as Record<string, unknown> | undefined;
  if (!root || typeof root !== 'object') throw new S3Error('MalformedXML');
  if (root.ObjectLockEnabled !== 'Enabled') {
    throw new S3Error('MalformedXML', 'ObjectLockEnabled must be Enabled.');
  }
  if (root.Rule === undefined || root.Rule === '') return {};
  const rule = root.Rule as Record<string, unknown>;
  const retention = rule?.DefaultRetention as Record<string, unknown> | undefined;
  if (!retention || typeof retention !== 'object') throw new S3Error('MalformedXML');
  return { defaultRetention: defaultRetention(retention) };
}

function defaultRetention(raw: Record<string, unknown>): DefaultRetention {
  if (!isRetentionMode(raw.Mode)) throw new S3Error('MalformedXML', 'Mode must be GOVERNANCE or COMPLIANCE.');
  const days = raw.Days === undefined ? undefined : period(raw.Days, 'Days');
  const years = raw.Years === undefined ? undefined : period(raw.Years, 'Years');
  if ((days === undefined) === (years === undefined)) {
    throw new S3Error('MalformedXML', 'A default retention has either Days or Years, not both.');
  }
  return { mode: raw.Mode, ...(days !== undefined ? { days } : { years: years! }) };
}

/** S3's longest default retention: 100 years, or 36500 days. */
const MAX_PERIOD = { Days: 36_500, Years: 100 } as const;

/** A positive whole number of days or years (S3's InvalidArgument names the element). */
function period(value: unknown, unit: keyof typeof MAX_PERIOD): number {
  const text = String(value).trim();
  const n = /^-?\d+$/.test(text) ? Number(text) : Number.NaN;
  if (Number.isNaN(n)) throw new S3Error('MalformedXML', `${unit} must be an integer.`);
  if (n <= 0) {
    throw new S3Error('InvalidArgument', 'Default retention period must be a positive integer value.', {
      ArgumentName: unit,
    });
  }
  if (n > MAX_PERIOD[unit]) {
    throw new S3Error(
      'InvalidArgument',
      `Default retention period must be at most ${MAX_PERIOD[unit]} ${unit.toLowerCase()}.`,
      {
        ArgumentName: unit,
      },
    );
  }
  return n;
}

/** The document GetObjectLockConfiguration answers with. */
export function objectLockConfigurationXml(config: ObjectLockConfig): Record<string, unknown> {
  const rule = config.defaultRetention;
  return {
    ObjectLockEnabled: 'Enabled',
    ...(rule
      ? {
          Rule: {
            DefaultRetention: {
              Mode: rule.mode,
              ...(rule.days !== undefined ? { Days: rule.days } : { Years: rule.years }),
            },
          },
        }
      : {}),
  };
}
