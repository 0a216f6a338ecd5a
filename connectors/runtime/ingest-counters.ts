import type { StoreResult } from './sink/store-batch.ts';

/** Running totals of one process's ingest, for the progress line. */
export class IngestCounters {
  ingested = 0;
  duplicates = 0;
  deadLettered = 0;

  add(result: StoreResult): void {
    this.ingested += result.ingested;
    this.duplicates += result.duplicates;
    this.deadLettered += result.deadLettered;
  }
}
