import type { HubDatabase } from '../../schema/db/database.ts';
import type { Connector } from '../contract/connector.ts';
import type { IngestCounters } from './ingest-counters.ts';
import type { IngestMetrics } from './ingest-metrics.ts';
import { type KafkaClient, type MessageProducer, type RunningConsumer, runConsumer } from './kafka.ts';
import { describeError, type Logger } from './logger.ts';
import { GroupCommit } from './group-commit.ts';
import { batchPosition, processBatch } from './process-batch.ts';
import { retryWithBackoff } from './retry.ts';
import { isRetriableIngestError } from './store-errors.ts';

export interface RunConnectorsOptions {
  kafka: KafkaClient;
  db: HubDatabase;
  producer: MessageProducer;
  connectors: readonly Connector[];
  counters: IngestCounters;
  /** Per-topic counts, dead letters by code and batch latency; optional. */
  metrics?: IngestMetrics;
  log: Logger;
  /** Consumer group of a connector; one group per connector. */
  groupIdOf?: (connector: Connector) => string;
  sessionTimeoutMs?: number;
  partitionsConsumedConcurrently?: number;
  /**
   * Called after a batch's transaction committed and before its offset is
   * committed: the window a crash test aims at. Not for business logic.
   */
  afterStore?: (connector: Connector, messages: number) => Promise<void> | void;
}

export const defaultGroupId = (connector: Connector) => `hub.connector.${connector.department}`;

/** Starts one consumer group per connector; resolves once all have joined. */
export async function runConnectors(options: RunConnectorsOptions): Promise<RunningConsumer> {
  const { kafka, db, producer, counters, log } = options;
  const groupIdOf = options.groupIdOf ?? defaultGroupId;
  const store = new GroupCommit(db);
  const running = await Promise.all(
    options.connectors.map((connector) =>
      runConsumer(kafka, {
        groupId: groupIdOf(connector),
        topic: connector.topic,
        sessionTimeoutMs: options.sessionTimeoutMs,
        partitionsConsumedConcurrently: options.partitionsConsumedConcurrently,
        isRetriable: isRetriableIngestError,
        onBatch: async (messages, control) => {
          const started = performance.now();
          const retrying = <T>(step: () => Promise<T>) =>
            retryWithBackoff(step, {
              isRetriable: isRetriableIngestError,
              shouldContinue: control.stillOwned,
              // runConsumer keeps heartbeating while the batch waits.
              onRetry: (error, attempt, delayMs) => {
                log.warn({ ...batchPosition(messages), attempt, delayMs, err: describeError(error) }, 'the database or broker failed; retrying');
              },
            });
          const result = await processBatch({ connector, store, producer, log, retrying }, messages);
          await options.afterStore?.(connector, messages.length);
          const seconds = (performance.now() - started) / 1000;
          counters.add(result);
          options.metrics?.batchProcessed({ topic: connector.topic, ingested: result.ingested, duplicates: result.duplicates, deadLettersByCode: result.deadLettersByCode, seconds });
          log.debug({ ...batchPosition(messages), messages: messages.length, ingested: result.ingested, duplicates: result.duplicates, deadLettered: result.deadLettered, ms: Math.round(seconds * 1000) }, 'batch stored');
        },
      }),
    ),
  );
  return { stop: async () => void (await Promise.all(running.map((consumer) => consumer.stop()))) };
}
