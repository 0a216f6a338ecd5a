/**
 * One consumer process of the ingest benchmark. MODE=connectors runs the five
 * connectors into DATABASE_URL exactly as the hub does; MODE=consume-only
 * runs the same consumer groups with a handler that only counts (the kafkajs
 * ceiling). Prints `{"done": n}` progress lines; on SIGTERM prints its peak RSS.
 */
import { connectors } from '../../connectors/index.ts';
import { IngestCounters } from '../../connectors/runtime/ingest-counters.ts';
import { connectProducer, createKafkaClient, runConsumer } from '../../connectors/runtime/kafka.ts';
import { defaultGroupId, runConnectors } from '../../connectors/runtime/run-connectors.ts';
import { openDatabase } from '../../schema/db/open-database.ts';
import { createLogger } from '../../hub/logger.ts';

const { BOOTSTRAP, DATABASE_URL, MODE } = process.env;
if (!BOOTSTRAP || !MODE) throw new Error('BOOTSTRAP and MODE are required');
const log = createLogger('warn');
const kafka = createKafkaClient({ brokers: [BOOTSTRAP], clientId: `bench-${MODE}`, log });

let done = () => 0;
let stop: () => Promise<void>;
if (MODE === 'connectors') {
  if (!DATABASE_URL) throw new Error('DATABASE_URL is required');
  const database = await openDatabase({ driver: 'postgres', url: DATABASE_URL }, { migrate: false });
  const producer = await connectProducer(kafka);
  const counters = new IngestCounters();
  const consumers = await runConnectors({ kafka, db: database.db, producer, connectors, counters, log });
  done = () => counters.ingested + counters.deadLettered + counters.duplicates;
  stop = async () => {
    await consumers.stop();
    await producer.disconnect();
    await database.close();
  };
} else {
  let consumed = 0;
  const running = await Promise.all(
    connectors.map((connector) =>
      runConsumer(kafka, {
        groupId: defaultGroupId(connector),
        topic: connector.topic,
        onBatch: async (messages) => {
          consumed += messages.length;
        },
      }),
    ),
  );
  done = () => consumed;
  stop = async () => void (await Promise.all(running.map((r) => r.stop())));
}

process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
const ticker = setInterval(() => process.stdout.write(`${JSON.stringify({ done: done() })}\n`), 100);
process.once('SIGTERM', async () => {
  clearInterval(ticker);
  await stop();
  const usage = process.resourceUsage();
  process.stdout.write(`${JSON.stringify({ done: done(), maxRssMb: Math.round(usage.maxRSS / 1024), cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6 })}\n`);
  process.exit(0);
});
