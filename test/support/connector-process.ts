/**
 * A connector process for the crash test: consumes the health topic into the
 * given database. With CRASH_AFTER_STORE=1 it kills itself with SIGKILL right
 * after its first batch commits to the database and before the offset commit.
 * On SIGTERM it prints its counters as JSON and exits.
 */
import { healthConnector } from '../../connectors/health/connector.ts';
import { IngestCounters } from '../../connectors/runtime/ingest-counters.ts';
import { connectProducer, createKafkaClient } from '../../connectors/runtime/kafka.ts';
import { runConnectors } from '../../connectors/runtime/run-connectors.ts';
import { openDatabase } from '../../schema/db/open-database.ts';
import { quietLog } from './ingest-harness.ts';

const { BOOTSTRAP, DATABASE_URL, CRASH_AFTER_STORE } = process.env;
if (!BOOTSTRAP || !DATABASE_URL) throw new Error('BOOTSTRAP and DATABASE_URL are required');

const database = await openDatabase({ driver: 'postgres', url: DATABASE_URL }, { migrate: false });
const kafka = createKafkaClient({ brokers: [BOOTSTRAP], clientId: 'crash-test', log: quietLog });
const producer = await connectProducer(kafka);
const counters = new IngestCounters();
const consumers = await runConnectors({
  kafka,
  db: database.db,
  producer,
  connectors: [healthConnector],
  counters,
  log: quietLog,
  sessionTimeoutMs: 6_000,
  afterStore: (_connector, messages) => {
    if (CRASH_AFTER_STORE !== '1') return;
    process.stdout.write(`${JSON.stringify({ storedBeforeCrash: messages })}\n`);
    process.kill(process.pid, 'SIGKILL');
  },
});
process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
process.once('SIGTERM', async () => {
  await consumers.stop();
  await producer.disconnect();
  await database.close();
  process.stdout.write(`${JSON.stringify({ ingested: counters.ingested, duplicates: counters.duplicates })}\n`);
  process.exit(0);
});
