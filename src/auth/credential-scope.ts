/**
 * The `Credential` element of SigV4: `<access key>/<yyyymmdd>/<region>/s3/aws4_request`.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-auth-using-authorization-header.html
 */

export interface Credential {
  accessKeyId: string;
  date: string;
  region: string;
}

/** Why a credential was rejected; the caller words it for header or query auth. */
export type CredentialProblem = string;

/**
 * Parses and validates a credential against the request's X-Amz-Date. Any region is accepted:
 * clients sign with us-east-1 or whatever they were configured with, and the key is derived from
 * the scope's region, so accepting it costs nothing and keeps mc/s3cmd/rclone working.
 */
export function parseCredential(value: string, amzDate: string): Credential | CredentialProblem {
  const parts = value.split('/');
  if (parts.length !== 5)
    return `the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".`;
  const [accessKeyId, date, region, service, terminator] = parts as [string, string, string, string, string];
  if (accessKeyId === '' || region === '') return 'the Credential is mal-formed.';
  if (!/^\d{8}$/.test(date) || date !== amzDate.slice(0, 8)) {
    return 'Invalid credential date. Date is not the same as X-Amz-Date.';
  }
  if (service !== 's3') return `incorrect service "${service}". This endpoint belongs to "s3".`;
  if (terminator !== 'aws4_request')
    return `incorrect terminal "${terminator}". This endpoint uses "aws4_request".`;
  return { accessKeyId, date, region };
}
