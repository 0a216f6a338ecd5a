import type { HubDatabase } from '../../schema/db/database.ts';
import type { DecodedMessage } from './decode-message.ts';
import { resultFor, type StoreResult, storeBatch } from './sink/store-batch.ts';
import { isRetriableIngestError } from './store-errors.ts';

interface Waiting {
  decoded: readonly DecodedMessage[];
  /** Stored in a transaction of its own: set after a shared one was refused. */
  alone?: boolean;
  resolve: (result: StoreResult) => void;
  reject: (error: unknown) => void;
}

export interface GroupCommitOptions {
  /** Transactions in flight at once; batches that arrive meanwhile wait and go together. */
  maxInFlight?: number;
  /** Events that make a group worth flushing without waiting for a free slot. */
  maxEventsPerTransaction?: number;
}

/**
 * Group commit: partition batches handed in while earlier transactions are
 * still running are stored together in the next one. Kafka hands out small
 * batches when producers trickle; one transaction (and one WAL flush) per
 * small batch would cap the ingest rate, so concurrent partitions and
 * connectors share transactions instead. Each caller still learns its own
 * counts, and fails — to retry — if its transaction fails.
 */
export class GroupCommit {
  private readonly waiting: Waiting[] = [];
  private inFlight = 0;
  private readonly maxInFlight: number;
  private readonly maxEvents: number;
  private readonly db: HubDatabase;

  constructor(db: HubDatabase, options: GroupCommitOptions = {}) {
    this.db = db;
    this.maxInFlight = options.maxInFlight ?? 2;
    this.maxEvents = options.maxEventsPerTransaction ?? 10_000;
  }

  store(decoded: readonly DecodedMessage[]): Promise<StoreResult> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ decoded, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.waiting.length > 0) {
      const group: Waiting[] = [];
      let events = 0;
      while (this.waiting.length > 0 && this.canJoin(group, this.waiting[0]!, events)) {
        const next = this.waiting.shift()!;
        events += next.decoded.length;
        group.push(next);
      }
      this.inFlight++;
      void this.flush(group);
    }
  }

  private canJoin(group: Waiting[], next: Waiting, events: number): boolean {
    if (group.length === 0) return true;
    return !group[0]!.alone && !next.alone && events + next.decoded.length <= this.maxEvents;
  }

  private async flush(group: Waiting[]): Promise<void> {
    try {
      const { fresh } = await storeBatch(this.db, group.flatMap((w) => w.decoded));
      for (const waiting of group) waiting.resolve(resultFor(waiting.decoded, fresh));
    } catch (error) {
      if (group.length > 1 && !isRetriableIngestError(error)) {
        // One part holds what the database refuses: the others must not fail with it.
        this.waiting.unshift(...group.map((waiting) => ({ ...waiting, alone: true })));
      } else {
        for (const waiting of group) waiting.reject(error);
      }
    } finally {
      this.inFlight--;
      this.pump();
    }
  }
}
