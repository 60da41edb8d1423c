/** Errors of account management; the admin API maps each code to an HTTP status. */
export type AccountErrorCode = 'InvalidInput' | 'NotFound' | 'Conflict';

export class AccountError extends Error {
  constructor(
    readonly code: AccountErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AccountError';
  }
}
