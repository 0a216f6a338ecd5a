/**
 * A connector process for the fault tests: the five connectors (or those in
 * DEPARTMENTS) consuming BOOTSTRAP into DATABASE_URL exactly as the hub runs
 * them. Prints `{"ready":true}` once its consumer groups joined; on SIGTERM
 * stops, prints its counters as JSON and exits 0. A test may SIGKILL it at
 * any moment.
 */
import { connectors } from '../../connectors/index.ts';
import { IngestCounters } from '../../connectors/runtime/ingest-counters.ts';
import { connectProducer, createKafkaClient } from '../../connectors/runtime/kafka.ts';
import { runConnectors } from '../../connectors/runtime/run-connectors.ts';
import { openDatabase } from '../../schema/db/open-database.ts';
import { quietLog } from './ingest-harness.ts';

const { BOOTSTRAP, DATABASE_URL, DEPARTMENTS, SESSION_TIMEOUT_MS } = process.env;
if (!BOOTSTRAP || !DATABASE_URL) throw new Error('BOOTSTRAP and DATABASE_URL are required');
const chosen = DEPARTMENTS ? connectors.filter((c) => DEPARTMENTS.split(',').includes(c.department)) : connectors;

const database = await openDatabase({ driver: 'postgres', url: DATABASE_URL, poolSize: 5 }, { migrate: false });
const kafka = createKafkaClient({ brokers: [BOOTSTRAP], clientId: 'fault-test', log: quietLog });
const producer = await connectProducer(kafka);
const counters = new IngestCounters();
const consumers = await runConnectors({ kafka, db: database.db, producer, connectors: chosen, counters, log: quietLog, sessionTimeoutMs: Number(SESSION_TIMEOUT_MS ?? 6_000) });
process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
process.once('SIGTERM', async () => {
  await consumers.stop();
  await producer.disconnect();
  await database.close();
  process.stdout.write(`${JSON.stringify({ ingested: counters.ingested, duplicates: counters.duplicates, deadLettered: counters.deadLettered })}\n`);
  process.exit(0);
});
