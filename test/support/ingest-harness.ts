import { connectors as allConnectors } from '../../connectors/index.ts';
import type { Connector } from '../../connectors/contract/connector.ts';
import { IngestCounters } from '../../connectors/runtime/ingest-counters.ts';
import { connectProducer, createKafkaClient, type KafkaClient, type MessageProducer, type RunningConsumer } from '../../connectors/runtime/kafka.ts';
import { runConnectors } from '../../connectors/runtime/run-connectors.ts';
import { startEmbeddedBroker, type EmbeddedBroker } from '../../hub/embedded-broker.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';
import { testLogger } from './test-log.ts';

export interface IngestHarness {
  broker: EmbeddedBroker;
  database: TestDatabase;
  kafka: KafkaClient;
  producer: MessageProducer;
  counters: IngestCounters;
  consumers: RunningConsumer;
  close(): Promise<void>;
}

/** Silent on the console (unless TEST_LOG_LEVEL), kept in full for the suite's personal-data check. */
export const quietLog = testLogger('ingest');

/** A real broker (kcat's), a fresh PostgreSQL database and the connectors consuming, for one test file. */
export async function startIngestHarness(connectors: readonly Connector[] = allConnectors): Promise<IngestHarness> {
  const broker = await startEmbeddedBroker();
  const database = await createTestDatabase();
  const kafka = createKafkaClient({ brokers: [broker.bootstrap], clientId: 'hub-test', log: quietLog });
  const producer = await connectProducer(kafka);
  const counters = new IngestCounters();
  const consumers = await runConnectors({ kafka, db: database.db, producer, connectors, counters, log: quietLog, sessionTimeoutMs: 10_000 });
  return {
    broker,
    database,
    kafka,
    producer,
    counters,
    consumers,
    async close() {
      await consumers.stop();
      await producer.disconnect();
      await database.drop();
      await broker.stop();
    },
  };
}
