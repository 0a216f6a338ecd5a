import { isRetriableKafkaError } from './kafka.ts';

/**
 * PostgreSQL SQLSTATE classes worth waiting out: connection exceptions (08),
 * serialization failure and deadlock (40), insufficient resources (53),
 * operator intervention such as a restart (57). Not 08P01, a protocol
 * violation: the same statement would fail the same way again.
 */
const RETRIABLE_SQLSTATE = /^(08(?!P01)|40|53|57)/;
const RETRIABLE_NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

/** Whether a failure while storing or dead-lettering a batch is an outage to back off from. */
export function isRetriableIngestError(error: unknown): boolean {
  if (isRetriableKafkaError(error)) return true;
  let current: unknown = error;
  // drizzle wraps driver errors; look through the cause chain.
  for (let depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (RETRIABLE_SQLSTATE.test(code) || RETRIABLE_NETWORK.has(code))) return true;
    if (typeof message === 'string' && /Connection terminated|connection timeout|Client has encountered a connection error/i.test(message)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
