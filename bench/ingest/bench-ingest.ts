/**
 * `npm run bench:ingest`: end-to-end ingest throughput against its two
 * ceilings, in one run on one machine, so the ratios hold however noisy the
 * machine is. Every phase publishes the same generated events with kcat
 * (as regional systems would) while the consumer runs, and the end-to-end
 * phase verifies that every published event was stored or dead-lettered.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { count } from 'drizzle-orm';
import { connectors } from '../../connectors/index.ts';
import { decodeMessage, type DecodedMessage } from '../../connectors/runtime/decode-message.ts';
import { storeBatch } from '../../connectors/runtime/sink/store-batch.ts';
import { generateEvents, type GeneratedMessage } from '../../hub/demo/generate-events.ts';
import { startEmbeddedBroker } from '../../hub/embedded-broker.ts';
import * as t from '../../schema/tables.ts';
import { kcatProducer } from '../../test/support/kcat.ts';
import { createTestDatabase } from '../../test/support/test-database.ts';

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '200000' },
    'bad-every': { type: 'string', default: '50' },
    chunk: { type: 'string', default: '2000' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (args.help) {
  process.stdout.write('npm run bench:ingest -- [--events 200000] [--bad-every 50] [--chunk 2000]\n');
  process.exit(0);
}
const total = Number(args.events);
const say = (text: string) => process.stderr.write(`${text}\n`);

say(`generating ${total} events (every ${args['bad-every']}th bad on purpose) ...`);
const directorySize = 5 * (20 + 4);
const messages: GeneratedMessage[] = [...generateEvents({ facts: total - directorySize, badEvery: Number(args['bad-every']), seed: `bench-${Date.now()}` })];
const good = messages.filter((m) => m.valid).length;
const avgBytes = Math.round(messages.reduce((s, m) => s + m.value.length, 0) / messages.length);

interface ConsumerRun {
  child: ChildProcess;
  done: number;
  maxRssMb?: number;
  cpuSeconds?: number;
}

/** V8 flags of `npm start` (package.json): a small young generation keeps the connector's RSS down at no cost in speed. */
const HUB_NODE_FLAGS = ['--max-semi-space-size=16'];

function startConsumerProcess(env: Record<string, string>): Promise<ConsumerRun> {
  const child = spawn(process.execPath, [...process.execArgv, ...HUB_NODE_FLAGS, new URL('./consumer-process.ts', import.meta.url).pathname], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const run: ConsumerRun = { child, done: 0 };
  let buffer = '';
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`consumer process exited early (${code})`)));
    child.stdout!.on('data', (chunk) => {
      buffer += String(chunk);
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) {
        const message = JSON.parse(line) as { ready?: boolean; done?: number; maxRssMb?: number; cpuSeconds?: number };
        if (message.ready) {
          child.removeAllListeners('exit');
          resolve(run);
        }
        if (message.done !== undefined) run.done = message.done;
        if (message.maxRssMb !== undefined) run.maxRssMb = message.maxRssMb;
        if (message.cpuSeconds !== undefined) run.cpuSeconds = message.cpuSeconds;
      }
    });
  });
}

/**
 * Publishes in chunks while the consumer runs, never more than `window`
 * events ahead of it: the embedded broker keeps only about 5 MiB a
 * partition, and keys (subjects) do not spread evenly over partitions.
 */
async function publishPaced(bootstrap: string, run: ConsumerRun, window = 15_000): Promise<number> {
  const chunk = Number(args.chunk);
  const topics = [...new Set(messages.map((m) => m.topic))];
  const producers = new Map(topics.map((topic) => [topic, kcatProducer(bootstrap, topic)]));
  const started = performance.now();
  for (let start = 0; start < messages.length; start += chunk) {
    while (start - run.done > window) await new Promise((r) => setTimeout(r, 2));
    const slice = messages.slice(start, start + chunk);
    await Promise.all(topics.map((topic) => producers.get(topic)!.write(slice.filter((m) => m.topic === topic))));
  }
  await Promise.all([...producers.values()].map((producer) => producer.end()));
  let last = run.done;
  let lastChange = performance.now();
  while (run.done < messages.length) {
    if (run.child.exitCode !== null) throw new Error('consumer process died');
    if (run.done !== last) [last, lastChange] = [run.done, performance.now()];
    if (performance.now() - lastChange > 30_000) {
      run.child.kill('SIGKILL');
      throw new Error(`no progress for 30 s at ${run.done} of ${messages.length}: events were lost (the embedded broker drops the oldest data of a partition past ~5 MiB)`);
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  return (performance.now() - started) / 1000;
}

async function stopConsumer(run: ConsumerRun) {
  run.child.kill('SIGTERM');
  await once(run.child, 'exit');
}

// 1. kafkajs consume-only ceiling
say('phase 1/3: kafkajs consume-only ceiling ...');
const broker1 = await startEmbeddedBroker();
const consumeOnly = await startConsumerProcess({ BOOTSTRAP: broker1.bootstrap, MODE: 'consume-only' });
const consumeSeconds = await publishPaced(broker1.bootstrap, consumeOnly);
await stopConsumer(consumeOnly);
await broker1.stop();

// 2. multi-row insert-only ceiling: the same rows, pre-decoded, stored in the same transactions
say('phase 2/3: multi-row insert-only ceiling ...');
const insertDb = await createTestDatabase();
const byTopic = new Map(connectors.map((c) => [c.topic, c]));
const batches: { department: (typeof connectors)[number]['department']; decoded: DecodedMessage[] }[] = [];
const perTopic = new Map<string, DecodedMessage[]>();
messages.forEach((m, i) => {
  const connector = byTopic.get(m.topic)!;
  const list = perTopic.get(m.topic) ?? [];
  list.push(decodeMessage(connector, { topic: m.topic, partition: 0, offset: String(i), key: Buffer.from(m.key), value: Buffer.from(m.value), headers: {} }));
  if (list.length === 2_000) {
    batches.push({ department: connector.department, decoded: list.splice(0) });
  }
  perTopic.set(m.topic, list);
});
for (const [topic, list] of perTopic) if (list.length) batches.push({ department: byTopic.get(topic)!.department, decoded: list });
const insertStarted = performance.now();
await Promise.all(
  [0, 1].map(async (lane) => {
    for (let i = lane; i < batches.length; i += 2) await storeBatch(insertDb.db, batches[i]!.decoded);
  }),
);
const insertSeconds = (performance.now() - insertStarted) / 1000;
await insertDb.drop();

// 3. end to end: kcat → broker → one connector process → PostgreSQL
say('phase 3/3: end to end (one connector process) ...');
const broker3 = await startEmbeddedBroker();
const e2eDb = await createTestDatabase();
const e2e = await startConsumerProcess({ BOOTSTRAP: broker3.bootstrap, MODE: 'connectors', DATABASE_URL: e2eDb.url });
const e2eSeconds = await publishPaced(broker3.bootstrap, e2e);
await stopConsumer(e2e);
const ledger = (await e2eDb.db.select({ n: count() }).from(t.ingestedEventsTable))[0]!.n;
const deadLetters = (await e2eDb.db.select({ n: count() }).from(t.deadLettersTable))[0]!.n;
await e2eDb.drop();
await broker3.stop();

const rate = (seconds: number) => Math.round(messages.length / seconds);
const e2eRate = rate(e2eSeconds);
const lossFree = ledger === good && deadLetters === messages.length - good;
const lines = [
  `ingest benchmark: ${messages.length} events (${good} good, ${messages.length - good} bad), ${avgBytes} bytes average, 5 topics x 4 partitions`,
  `  consume-only (kafkajs ceiling)     ${String(rate(consumeSeconds)).padStart(8)} events/s  (consumer CPU ${consumeOnly.cpuSeconds?.toFixed(1)} s)`,
  `  insert-only (multi-row ceiling)    ${String(rate(insertSeconds)).padStart(8)} events/s`,
  `  end to end (1 connector process)   ${String(e2eRate).padStart(8)} events/s`,
  `  end to end / consume-only          ${(e2eRate / rate(consumeSeconds)).toFixed(2)}`,
  `  end to end / insert-only           ${(e2eRate / rate(insertSeconds)).toFixed(2)}`,
  `  connector process peak RSS         ${e2e.maxRssMb} MB, CPU ${e2e.cpuSeconds?.toFixed(1)} s in ${e2eSeconds.toFixed(1)} s (incl. start-up)`,
  `  verified: ledger ${ledger} + dead letters ${deadLetters} = ${ledger + deadLetters} of ${messages.length} published: ${lossFree ? 'nothing lost' : 'MISMATCH'}`,
];
process.stdout.write(`${lines.join('\n')}\n`);
process.exit(lossFree ? 0 : 1);
