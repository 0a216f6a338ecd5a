/**
 * `npm run bench:store`: what one transaction of `storeBatch` costs per event
 * at the batch sizes Kafka hands out, against 2,000-event transactions in the
 * same process (the baseline): why partitions share transactions (group commit).
 */
import { connectors } from '../../connectors/index.ts';
import { decodeMessage } from '../../connectors/runtime/decode-message.ts';
import { storeBatch } from '../../connectors/runtime/sink/store-batch.ts';
import { generateEvents } from '../../hub/demo/generate-events.ts';
import { createTestDatabase } from '../../test/support/test-database.ts';

const perSize = 20_000;
const sizes = [2_000, 2_000, 200, 50];
const messages = [...generateEvents({ facts: perSize * sizes.length, badEvery: 50, seed: `bench-store-${Date.now()}` })];
const byTopic = new Map(connectors.map((c) => [c.topic, c]));
const decoded = messages.map((m, i) =>
  decodeMessage(byTopic.get(m.topic)!, { topic: m.topic, partition: 0, offset: String(i), key: null, value: Buffer.from(m.value), headers: {} }),
);
const database = await createTestDatabase();
const results: { size: number; wallUs: number; cpuUs: number }[] = [];
for (const [run, size] of sizes.entries()) {
  const part = decoded.slice(run * perSize, (run + 1) * perSize);
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < part.length; i += size) await storeBatch(database.db, part.slice(i, i + size));
  const used = process.cpuUsage(cpu);
  // The first 2,000 run warms up the JIT and the database; it is not reported.
  if (run > 0) results.push({ size, wallUs: ((performance.now() - started) * 1000) / part.length, cpuUs: (used.user + used.system) / part.length });
}
await database.drop();
const [baseline] = results;
process.stdout.write(
  [
    `store benchmark: ${perSize} events per batch size, real PostgreSQL`,
    ...results.map(
      (r) =>
        `  ${String(r.size).padStart(5)}-event transactions  wall ${r.wallUs.toFixed(1).padStart(6)} µs/event (${(r.wallUs / baseline!.wallUs).toFixed(1)}x)  ` +
        `node CPU ${r.cpuUs.toFixed(1).padStart(6)} µs/event (${(r.cpuUs / baseline!.cpuUs).toFixed(1)}x)`,
    ),
  ].join('\n') + '\n',
);
