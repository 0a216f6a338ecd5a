import type { AuditMetrics } from '../audit/audit-appender.ts';

/**
 * Where the gateway reports what it served (the hub passes Prometheus
 * metrics). Label values are operation names, error codes, token rejection
 * reasons and audit actions only: never a variable, token or value.
 */
export interface GatewayMetrics extends AuditMetrics {
  /** One answered GraphQL request: its operation (`anonymous` without a name), the time from arrival to response, and the codes of its errors. */
  requestAnswered(operation: string, seconds: number, errorCodes: readonly string[]): void;
  /** A request refused before execution for who sent it: a `TokenRejectionReason`, or `AGENCY_SUSPENDED`. */
  authFailed(reason: string): void;
  /** The Prometheus text exposition `GET /metrics` serves. */
  exposition(): Promise<{ contentType: string; body: string }>;
}
