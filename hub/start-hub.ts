import { connectors } from '../connectors/index.ts';
import { IngestCounters } from '../connectors/runtime/ingest-counters.ts';
import { describeError } from '../connectors/runtime/logger.ts';
import { connectLagMeter, connectProducer, createKafkaClient, createRepublisher } from '../connectors/runtime/kafka.ts';
import { defaultGroupId, runConnectors } from '../connectors/runtime/run-connectors.ts';
import type { DatabaseHandle } from '../schema/db/database.ts';
import { readIngestStats } from '../schema/queries/ingest-stats.ts';
import type { HubConfig } from './config.ts';
import { startAuditHeadPublisher } from './audit-head-publisher.ts';
import { publishDemo } from './demo/publish-demo.ts';
import { startEmbeddedBroker, type EmbeddedBroker } from './embedded-broker.ts';
import type { HubLogger } from './logger.ts';
import { startMetricsServer, type RunningMetricsServer } from './metrics-server.ts';
import { createHubMetrics, type HubMetrics } from './metrics.ts';
import { openHubDatabase } from './open-hub-database.ts';
import { startProgressLine } from './progress-line.ts';
import { startGateway, type RunningGateway } from './start-gateway.ts';
import { formatIngestStats } from './stats-report.ts';
import { StopSteps } from './stop-steps.ts';

export interface RunningHub {
  /**
   * Graceful stop, each half at once: the gateway drains and finishes its
   * requests (start-gateway.ts) while the connectors stop fetching, finish
   * the batches in flight and commit their offsets; then the database pool
   * and the embedded broker close. `steps` names whatever is still running.
   */
  stop(steps?: StopSteps): Promise<void>;
}

/**
 * Starts the hub: database (migrated); for the connectors half, the broker
 * (configured or embedded), the five connectors and in development the demo
 * data set; for the gateway half, GraphQL over HTTP.
 */
export async function startHub(config: HubConfig, log: HubLogger): Promise<RunningHub> {
  const runConnectorsHalf = config.role !== 'gateway';
  const broker = runConnectorsHalf && !config.kafkaBrokers ? await startEmbeddedBroker() : null;
  if (broker) log.info({ bootstrap: broker.bootstrap }, 'embedded broker started (librdkafka mock through kcat; keeps nothing on disk)');

  log.info({ driver: config.database.driver }, config.database.driver === 'pglite' ? 'opening the embedded database (PGlite; the first start creates it, which takes a few seconds)' : 'connecting to PostgreSQL');
  // A process serving GraphQL bounds every statement (DATABASE_STATEMENT_TIMEOUT_MS); the connectors' batch
  // statements take milliseconds and share the pool in role `all`. CLI commands (audit-verify) have no bound.
  const database = await openHubDatabase(config, { statementTimeoutMs: config.role === 'connectors' ? 0 : config.graphql.statementTimeoutMs });
  log.info({ driver: database.driver, location: database.location }, 'database ready (migrations applied)');

  // A steward's dead-letter replay goes to the broker this hub uses: the embedded or configured one in
  // role `all`, the configured one in role `gateway` (without KAFKA_BROKERS it has none, and replay says so).
  const replayBrokers = config.kafkaBrokers ?? (broker ? [broker.bootstrap] : null);
  const republisher = config.role !== 'connectors' && replayBrokers ? createRepublisher({ brokers: replayBrokers, clientId: 'supervision-hub-replay', log }) : null;
  // One registry for the process: the gateway serves it at /metrics; role `connectors` on a listener of its own.
  const metrics = createHubMetrics();

  let gateway: RunningGateway | null = null;
  let ingest: RunningIngest | null = null;
  let metricsServer: RunningMetricsServer | null = null;
  try {
    // In role `all`, /readyz also asks whether the broker answers, once the connectors half is up.
    gateway =
      config.role !== 'connectors'
        ? await startGateway(config, database, log, {
            isBrokerReady: async () => (ingest ? ingest.isBrokerReachable() : true),
            republish: republisher ? (messages) => republisher.send(messages) : undefined,
            metrics,
          })
        : null;
    ingest = runConnectorsHalf ? await startIngest(config, database, broker, log, metrics) : null;
    if (config.role === 'connectors') {
      metricsServer = await startMetricsServer(metrics, { host: config.host, port: config.metricsPort });
      log.info({ url: metricsServer.url }, 'metrics listening');
    }
  } catch (error) {
    await metricsServer?.stop();
    // Half a hub is worse than none: whatever started is stopped before the error is reported.
    await gateway?.stop();
    await republisher?.close();
    await database.close();
    await broker?.stop();
    throw error;
  }
  if (gateway) process.stderr.write(`GraphQL: ${gateway.url}${config.production ? '' : ' (GraphiQL: open it in a browser)'}\n`);

  return {
    async stop(steps = new StopSteps()) {
      if (metricsServer) await steps.run('metrics listener', () => metricsServer!.stop());
      await Promise.all([
        (async () => {
          await gateway?.stop(steps);
          if (republisher) await steps.run('dead-letter replay producer', () => republisher.close());
        })(),
        ingest?.stop(steps),
      ]);
      if (ingest) process.stderr.write(`\n${formatIngestStats(await steps.run('ingest statistics', () => readIngestStats(database.db)))}\n`);
      await steps.run('database pool', () => database.close());
      if (broker) await steps.run('embedded broker', () => broker.stop());
    },
  };
}

interface RunningIngest {
  /** Whether the broker answers a lag query within two seconds. */
  isBrokerReachable(): Promise<boolean>;
  stop(steps: StopSteps): Promise<void>;
}

const BROKER_CHECK_TIMEOUT_MS = 2_000;

async function startIngest(config: HubConfig, database: DatabaseHandle, broker: EmbeddedBroker | null, log: HubLogger, metrics: HubMetrics): Promise<RunningIngest> {
  const brokers = config.kafkaBrokers ?? [broker!.bootstrap];
  const kafka = createKafkaClient({ brokers, clientId: 'supervision-hub', log });
  const producer = await connectProducer(kafka);
  const counters = new IngestCounters();
  const consumers = await runConnectors({ kafka, db: database.db, producer, connectors, counters, metrics: metrics.ingest, log });
  log.info({ topics: connectors.map((c) => c.topic) }, 'connectors consuming');

  const lagMeter = await connectLagMeter(
    kafka,
    connectors.map((c) => ({ groupId: defaultGroupId(c), topic: c.topic })),
  );
  metrics.measureLagWith(() => lagMeter.measure());
  const progress = startProgressLine(counters, async () => (await lagMeter.measure()).reduce((sum, g) => sum + g.lag, 0));
  const auditHead = startAuditHeadPublisher({ db: database.db, producer, intervalMs: config.auditHeadIntervalMs, log });
  const demoAbort = new AbortController();
  const demo = config.demo
    ? publishDemo(producer, log, { signal: demoAbort.signal }).catch((error: unknown) => log.error({ err: describeError(error) }, 'publishing demo data failed'))
    : Promise.resolve();

  return {
    isBrokerReachable: () =>
      Promise.race([
        lagMeter.measure().then(
          () => true,
          () => false,
        ),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), BROKER_CHECK_TIMEOUT_MS).unref()),
      ]),
    async stop(steps) {
      progress.stop();
      metrics.measureLagWith(null);
      demoAbort.abort();
      await steps.run('demo data publisher', () => demo);
      // kafkajs stops fetching, waits for the batches in flight (each commits its offset once stored) and leaves the groups.
      await steps.run('connectors: batches in flight and their offset commits', () => consumers.stop());
      await steps.run('audit head publisher', () => auditHead.stop());
      await steps.run('consumer lag meter', () => lagMeter.disconnect());
      await steps.run('kafka producer', () => producer.disconnect());
    },
  };
}
