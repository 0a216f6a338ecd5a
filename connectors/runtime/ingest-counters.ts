/** Running totals of one process's ingest, for the progress line and `/metrics` later. */
export class IngestCounters {
  ingested = 0;
  duplicates = 0;
  deadLettered = 0;
  batches = 0;
  readonly deadLetteredByCode = new Map<string, number>();

  add(result: { ingested: number; duplicates: number; deadLettered: number }, codes: string[]): void {
    this.ingested += result.ingested;
    this.duplicates += result.duplicates;
    this.deadLettered += result.deadLettered;
    this.batches++;
    for (const code of codes) this.deadLetteredByCode.set(code, (this.deadLetteredByCode.get(code) ?? 0) + 1);
  }
}
