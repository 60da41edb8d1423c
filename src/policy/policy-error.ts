/** A policy S3 would refuse; the message is the reason, sent with `MalformedPolicy`. */
export class PolicyError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'PolicyError';
  }
}
