import { pino } from 'pino';

/**
 * The hub's logger, on stderr. Personal fields are redacted wherever they
 * appear by name, as a second line of defence: nothing logs event payloads.
 */
export function createLogger(level: string) {
  return pino(
    {
      level,
      base: { service: 'supervision-hub' },
      redact: { paths: ['idNumber', 'name', 'photoRef', '*.idNumber', '*.name', '*.photoRef', 'data', '*.data'], censor: '[redacted]' },
    },
    pino.destination(2),
  );
}
export type HubLogger = ReturnType<typeof createLogger>;
