import type { Connector } from '../contract/connector.ts';
import { decodeMessage } from './decode-message.ts';
import type { IncomingMessage } from './incoming-message.ts';
import type { MessageProducer, OutgoingMessage } from './kafka.ts';
import type { GroupCommit } from './group-commit.ts';
import type { StoreResult } from './sink/store-batch.ts';

export interface BatchDependencies {
  connector: Connector;
  store: GroupCommit;
  producer: MessageProducer;
}

/** The dead-letter topic of a department topic. */
export const deadLetterTopic = (topic: string) => `${topic}.dlq`;

/**
 * Validates and maps a batch, sends the rejects to `<topic>.dlq` (original
 * key, bytes and headers plus `x-hub-error` and `x-hub-reason`), then stores
 * everything in one transaction, shared with other partitions' batches. The
 * DLQ send comes first so a batch is never stored while its rejects are still
 * unpublished; a crash between the two re-sends them (at-least-once on the
 * DLQ; the table keeps one per position).
 */
export async function processBatch(deps: BatchDependencies, messages: IncomingMessage[]): Promise<StoreResult> {
  const decoded = messages.map((message) => decodeMessage(deps.connector, message));
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
  return deps.store.store(decoded);
}
