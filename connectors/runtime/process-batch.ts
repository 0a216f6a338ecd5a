import type { Connector } from '../contract/connector.ts';
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
export async function processBatch(deps: BatchDependencies, messages: IncomingMessage[]): Promise<StoreResult> {
  const decoded = messages.map((message) => decodeMessage(deps.connector, message));
  await deps.retrying(() => sendToDeadLetterQueue(deps, decoded));
  try {
    return await deps.retrying(() => deps.store.store(decoded));
  } catch (error) {
    if (isRetriableIngestError(error)) throw error;
    deps.log.error({ topic: deps.connector.topic, err: describeError(error) }, 'the database refused a batch; storing its messages one by one to find the one it refuses');
    return storeOneByOne(deps, decoded);
  }
}

/**
 * A message that passed its contract but that the database still refuses
 * (a case no contract rule foresaw) must not stop its partition: it is
 * dead-lettered as STORE_REJECTED and the rest are stored.
 */
async function storeOneByOne(deps: BatchDependencies, decoded: DecodedMessage[]): Promise<StoreResult> {
  const total: StoreResult = { ingested: 0, duplicates: 0, deadLettered: 0 };
  const add = (result: StoreResult) => {
    total.ingested += result.ingested;
    total.duplicates += result.duplicates;
    total.deadLettered += result.deadLettered;
  };
  for (const entry of decoded) {
    try {
      add(await deps.retrying(() => deps.store.store([entry])));
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
    }
  }
  return total;
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
