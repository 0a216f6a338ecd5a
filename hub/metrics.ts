import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { IngestMetrics } from '../connectors/runtime/ingest-metrics.ts';
import type { GroupLag } from '../connectors/runtime/kafka.ts';
import type { GatewayMetrics } from '../gateway/server/gateway-metrics.ts';

/**
 * The process's Prometheus metrics: one registry, created here and handed
 * down as the small interfaces connectors/ and gateway/ define, so neither
 * imports the hub or prom-client. Label values are topics, partitions,
 * codes, reasons, actions and operation names — never anything from an
 * event or a variable.
 */
export interface HubMetrics {
  registry: Registry;
  ingest: IngestMetrics;
  gateway: GatewayMetrics;
  /** Where a scrape reads consumer lag: set by the connectors half once its lag meter is connected; `null` stops it. */
  measureLagWith(measure: (() => Promise<GroupLag[]>) | null): void;
  /** The text exposition, as `/metrics` serves it. */
  exposition(): Promise<{ contentType: string; body: string }>;
}

/** Distinct operation names one process labels before further ones count as `other`: a client chooses them. */
const MAX_OPERATION_LABELS = 200;
/** A scrape waits this long for the broker's offsets, then reports no lag rather than hang. */
const LAG_TIMEOUT_MS = 2_000;

export function createHubMetrics(options: { maxOperationLabels?: number } = {}): HubMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const ingested = new Counter({ name: 'hub_events_ingested_total', help: 'Events stored, new to the ledger, by topic', labelNames: ['topic'], registers });
  const duplicates = new Counter({ name: 'hub_events_duplicate_total', help: 'Events the ledger already held (redelivered or republished), by topic', labelNames: ['topic'], registers });
  const deadLettered = new Counter({ name: 'hub_events_dead_lettered_total', help: 'Messages sent to <topic>.dlq, by source topic and x-hub-error code', labelNames: ['topic', 'code'], registers });
  const batchDuration = new Histogram({
    name: 'hub_batch_duration_seconds',
    help: 'Time from a consumed partition batch to its stored transaction, retries included',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });

  let measureLag: (() => Promise<GroupLag[]>) | null = null;
  new Gauge({
    name: 'hub_consumer_lag',
    help: 'Messages in a partition not yet committed by its connector group (measured at scrape)',
    labelNames: ['topic', 'partition'],
    registers,
    async collect() {
      this.reset();
      if (!measureLag) return;
      const groups = await withTimeout(measureLag(), LAG_TIMEOUT_MS).catch(() => null);
      for (const group of groups ?? []) for (const { partition, lag } of group.partitions) this.set({ topic: group.topic, partition: String(partition) }, lag);
    },
  });

  const requestDuration = new Histogram({
    name: 'hub_graphql_request_duration_seconds',
    help: 'GraphQL requests from arrival to response, by operation name (anonymous without one, other past the label cap)',
    labelNames: ['operation'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const graphqlErrors = new Counter({ name: 'hub_graphql_errors_total', help: 'Errors in GraphQL responses, by extensions.code', labelNames: ['code'], registers });
  const authFailures = new Counter({ name: 'hub_auth_failures_total', help: 'Requests refused for their token (by rejection reason) or a suspended agency', labelNames: ['reason'], registers });
  const auditWrites = new Counter({ name: 'hub_audit_writes_total', help: 'Audit entries written or withheld by a failed write, by action and outcome', labelNames: ['action', 'outcome'], registers });
  const auditDuration = new Histogram({
    name: 'hub_audit_append_duration_seconds',
    help: 'Time of one audit append transaction (a group of requests\' entries)',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers,
  });

  const operations = new Set<string>();
  const maxOperations = options.maxOperationLabels ?? MAX_OPERATION_LABELS;
  const operationLabel = (operation: string) => {
    if (operations.has(operation)) return operation;
    if (operations.size >= maxOperations) return 'other';
    operations.add(operation);
    return operation;
  };

  const exposition = async () => ({ contentType: registry.contentType, body: await registry.metrics() });

  return {
    registry,
    ingest: {
      batchProcessed({ topic, ingested: stored, duplicates: repeated, deadLettersByCode, seconds }) {
        if (stored > 0) ingested.inc({ topic }, stored);
        if (repeated > 0) duplicates.inc({ topic }, repeated);
        for (const [code, count] of deadLettersByCode) deadLettered.inc({ topic, code }, count);
        batchDuration.observe(seconds);
      },
    },
    gateway: {
      requestAnswered(operation, seconds, errorCodes) {
        requestDuration.observe({ operation: operationLabel(operation) }, seconds);
        for (const code of errorCodes) graphqlErrors.inc({ code });
      },
      authFailed: (reason) => authFailures.inc({ reason }),
      auditWritten: (action, outcome, entries) => auditWrites.inc({ action, outcome }, entries),
      auditAppendTook: (seconds) => auditDuration.observe(seconds),
      exposition,
    },
    measureLagWith(measure) {
      measureLag = measure;
    },
    exposition,
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    timer.unref();
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
