import type { Logger as PinoLogger } from 'pino';

/** The logging surface the runtime needs; the hub passes its pino logger. */
export type Logger = Pick<PinoLogger, 'debug' | 'info' | 'warn' | 'error'>;

export { describeError } from '../../schema/db/describe-error.ts';
