import { pino, type LoggerOptions } from 'pino';
import { PinoPretty } from 'pino-pretty';

export type LogFormat = 'json' | 'pretty';

/**
 * Options every hub logger shares. Personal fields are redacted wherever
 * they appear by name, as a second line of defence: nothing logs event
 * payloads. The tests' loggers use the same (test/support/test-log.ts).
 */
export const hubLoggerOptions = {
  base: { service: 'supervision-hub' },
  redact: { paths: ['idNumber', 'name', 'photoRef', '*.idNumber', '*.name', '*.photoRef', 'data', '*.data'], censor: '[redacted]' },
} satisfies LoggerOptions;

/** The hub's logger, on stderr: JSON lines for machines, or readable lines for a person at a terminal. */
export function createLogger(level: string, format: LogFormat = 'json') {
  const destination = format === 'pretty' ? PinoPretty({ destination: 2, sync: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,service' }) : pino.destination(2);
  return pino({ ...hubLoggerOptions, level }, destination);
}
export type HubLogger = ReturnType<typeof createLogger>;
