/**
 * SQLSTATEs that say the server cannot be reached or is going away, not that
 * the statement is wrong: connection exceptions (class 08, except 08P01, a
 * protocol violation, which would fail the same way again), 57P01
 * admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now (starting
 * up, shutting down, in recovery) and 53300 too_many_connections.
 */
const UNAVAILABLE_SQLSTATE = /^(08(?!P01)...|57P0[123]|53300)$/;

/** Socket errors on the way to the server. */
const UNAVAILABLE_NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * What `pg` and its pool say, without a code, when the connection broke or
 * could not be made in time (`connectionTimeoutMillis`).
 */
const UNAVAILABLE_MESSAGE = /^(Connection terminated unexpectedly|Connection terminated due to connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error and is not queryable)$/;

/**
 * Whether `error` (or any cause it wraps: drizzle wraps the driver's error)
 * says the database is unreachable right now — down, restarting, refusing
 * connections — as opposed to refusing this statement. Such a failure is the
 * service's, temporary, and worth trying again; anything else is not.
 */
export function isDatabaseUnavailableError(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && typeof current === 'object' && depth < 6; depth++) {
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_NETWORK.has(code))) return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGE.test(message)) return true;
    // Node's connect error for a host with several addresses (IPv4 and IPv6) is an AggregateError of socket errors.
    if (current instanceof AggregateError && current.errors.length > 0 && current.errors.every(isDatabaseUnavailableError)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
