import pino, { type Logger } from 'pino';

export type { Logger };

/** JSON logs on stdout; the request id is bound per request by the HTTP layer. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'ok-s3' }, timestamp: pino.stdTimeFunctions.isoTime });
}
