import type { Connector } from '../contract/connector.ts';
import type { DeadLetterCode } from '../errors.ts';
import { type DecodedMessage, decodeMessage } from './decode-message.ts';
import type { GroupCommit } from './group-commit.ts';
import type { IncomingMessage } from './incoming-message.ts';
import type { MessageProducer, OutgoingMessage } from './kafka.ts';
import { describeError, type Logger } from './logger.ts';
import type { StoreResult } from './sink/store-batch.ts';
import { isRetriableIngestError } from './store-errors.ts';

export interface BatchDependencies {
  connector: Connector;
  store: GroupCommit;
  producer: MessageProducer;
  log: Logger;
  /** Runs an I/O step until it succeeds, backing off while the failure is an outage. */
  retrying: <T>(step: () => Promise<T>) => Promise<T>;
}

/** A batch's counts, with its dead letters by code (for the metrics). */
export interface BatchResult extends StoreResult {
  deadLettersByCode: Map<DeadLetterCode, number>;
}

/** The dead-letter topic of a department topic. */
export const deadLetterTopic = (topic: string) => `${topic}.dlq`;

/**
 * One consumed batch: decoded once; its rejects sent to `<topic>.dlq`
 * (original key, bytes and headers plus `x-hub-error` and `x-hub-reason`);
 * then stored in one transaction shared with other partitions' batches. The
 * DLQ send comes first so a batch is never stored while its rejects are
 * unpublished; a crash between the two re-sends them (at-least-once on the
 * DLQ; the table keeps one per position).
 */
export async function processBatch(deps: BatchDependencies, messages: IncomingMessage[]): Promise<BatchResult> {
  const decoded = messages.map((message) => decodeMessage(deps.connector, message));
  await deps.retrying(() => sendToDeadLetterQueue(deps, decoded));
  try {
    const result = await deps.retrying(() => deps.store.store(decoded));
    return { ...result, deadLettersByCode: deadLettersByCode(deps, decoded) };
  } catch (error) {
    if (isRetriableIngestError(error)) throw error;
    deps.log.error({ ...batchPosition(messages), err: describeError(error) }, 'the database refused a batch; storing its messages one by one to find the one it refuses');
    return storeOneByOne(deps, decoded);
  }
}

/** Where a batch sits in its topic, for log lines: never its contents. */
export function batchPosition(messages: readonly IncomingMessage[]): { topic?: string; partition?: number; firstOffset?: string; lastOffset?: string } {
  const first = messages[0];
  return first ? { topic: first.topic, partition: first.partition, firstOffset: first.offset, lastOffset: messages.at(-1)!.offset } : {};
}

/** Counts the stored dead letters by code, logging each one's position and code (never its reason, which may quote a key the sender chose). */
function deadLettersByCode(deps: BatchDependencies, stored: readonly DecodedMessage[]): Map<DeadLetterCode, number> {
  const counts = new Map<DeadLetterCode, number>();
  for (const entry of stored) {
    if (entry.accepted) continue;
    counts.set(entry.code, (counts.get(entry.code) ?? 0) + 1);
    deps.log.debug({ topic: entry.message.topic, partition: entry.message.partition, offset: entry.message.offset, code: entry.code }, 'message dead-lettered');
  }
  return counts;
}

/**
 * A message that passed its contract but that the database still refuses
 * (a case no contract rule foresaw) must not stop its partition: it is
 * dead-lettered as STORE_REJECTED and the rest are stored.
 */
async function storeOneByOne(deps: BatchDependencies, decoded: DecodedMessage[]): Promise<BatchResult> {
  const total: StoreResult = { ingested: 0, duplicates: 0, deadLettered: 0 };
  const stored: DecodedMessage[] = [];
  const add = (result: StoreResult) => {
    total.ingested += result.ingested;
    total.duplicates += result.duplicates;
    total.deadLettered += result.deadLettered;
  };
  for (const entry of decoded) {
    try {
      add(await deps.retrying(() => deps.store.store([entry])));
      stored.push(entry);
    } catch (error) {
      if (isRetriableIngestError(error) || !entry.accepted) throw error;
      const rejected: DecodedMessage = {
        accepted: false,
        message: entry.message,
        code: 'STORE_REJECTED',
        reason: `the database refused the event's rows: ${describeError(error)}`,
        source: entry.source,
        eventId: entry.eventId,
      };
      await deps.retrying(() => sendToDeadLetterQueue(deps, [rejected]));
      add(await deps.retrying(() => deps.store.store([rejected])));
      stored.push(rejected);
    }
  }
  return { ...total, deadLettersByCode: deadLettersByCode(deps, stored) };
}

async function sendToDeadLetterQueue(deps: BatchDependencies, decoded: DecodedMessage[]): Promise<void> {
  const rejects: OutgoingMessage[] = [];
  for (const entry of decoded) {
    if (entry.accepted) continue;
    rejects.push({
      key: entry.message.key,
      value: entry.message.value,
      headers: {
        ...entry.message.headers,
        'x-hub-error': entry.code,
        'x-hub-reason': entry.reason,
        'x-hub-source-topic': entry.message.topic,
        'x-hub-source-partition': String(entry.message.partition),
        'x-hub-source-offset': entry.message.offset,
      },
    });
  }
  await deps.producer.send(deadLetterTopic(deps.connector.topic), rejects);
}
