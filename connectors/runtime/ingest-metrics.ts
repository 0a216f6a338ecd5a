import type { DeadLetterCode } from '../errors.ts';

/** What one consumed partition batch came to. */
export interface BatchOutcome {
  topic: string;
  /** Events new to the ledger, stored. */
  ingested: number;
  /** Events the ledger already held. */
  duplicates: number;
  /** Messages sent to `<topic>.dlq` and recorded, by their `x-hub-error` code. */
  deadLettersByCode: ReadonlyMap<DeadLetterCode, number>;
  /** From the batch's arrival to its transaction's commit, retries included. */
  seconds: number;
}

/**
 * Where the runtime reports ingest figures; the hub passes Prometheus
 * counters. Only topics and codes travel: never a key, value or header.
 */
export interface IngestMetrics {
  batchProcessed(outcome: BatchOutcome): void;
}
