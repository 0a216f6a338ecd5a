import { connectors } from '../connectors/index.ts';
import { IngestCounters } from '../connectors/runtime/ingest-counters.ts';
import { describeError } from '../connectors/runtime/logger.ts';
import { connectLagMeter, connectProducer, createKafkaClient } from '../connectors/runtime/kafka.ts';
import { defaultGroupId, runConnectors } from '../connectors/runtime/run-connectors.ts';
import { readIngestStats } from '../schema/queries/ingest-stats.ts';
import type { HubConfig } from './config.ts';
import { publishDemo } from './demo/publish-demo.ts';
import { startEmbeddedBroker } from './embedded-broker.ts';
import type { HubLogger } from './logger.ts';
import { openHubDatabase } from './open-hub-database.ts';
import { startProgressLine } from './progress-line.ts';
import { formatIngestStats } from './stats-report.ts';

export interface RunningHub {
  stop(): Promise<void>;
}

/**
 * Starts the hub: database (migrated), broker (configured or embedded),
 * the five connectors, and in development the demo data set.
 */
export async function startHub(config: HubConfig, log: HubLogger): Promise<RunningHub> {
  if (config.role === 'gateway') throw new Error('HUB_ROLE=gateway: the GraphQL gateway is not part of this build yet; run HUB_ROLE=connectors or all');
  const broker = config.kafkaBrokers ? null : await startEmbeddedBroker();
  const brokers = config.kafkaBrokers ?? [broker!.bootstrap];
  if (broker) log.info({ bootstrap: broker.bootstrap }, 'embedded broker started (librdkafka mock through kcat; keeps nothing on disk)');

  log.info({ driver: config.database.driver }, config.database.driver === 'pglite' ? 'opening the embedded database (PGlite; the first start creates it, which takes a few seconds)' : 'connecting to PostgreSQL');
  const database = await openHubDatabase(config);
  log.info({ driver: database.driver, location: database.location }, 'database ready (migrations applied)');

  const kafka = createKafkaClient({ brokers, clientId: 'supervision-hub', log });
  const producer = await connectProducer(kafka);
  const counters = new IngestCounters();
  const consumers = await runConnectors({ kafka, db: database.db, producer, connectors, counters, log });
  log.info({ topics: connectors.map((c) => c.topic) }, 'connectors consuming');

  const lagMeter = await connectLagMeter(
    kafka,
    connectors.map((c) => ({ groupId: defaultGroupId(c), topic: c.topic })),
  );
  const progress = startProgressLine(counters, async () => (await lagMeter.measure()).reduce((sum, g) => sum + g.lag, 0));
  const demoAbort = new AbortController();
  const demo = config.demo
    ? publishDemo(producer, log, { signal: demoAbort.signal }).catch((error: unknown) => log.error({ err: describeError(error) }, 'publishing demo data failed'))
    : Promise.resolve();

  return {
    async stop() {
      progress.stop();
      await lagMeter.disconnect();
      demoAbort.abort();
      await demo;
      await consumers.stop();
      await producer.disconnect();
      process.stderr.write(`\n${formatIngestStats(await readIngestStats(database.db))}\n`);
      await database.close();
      await broker?.stop();
    },
  };
}
