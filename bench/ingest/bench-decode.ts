/**
 * `npm run bench:decode`: the pure, per-event cost of checking and mapping
 * an event (envelope, contract, identifiers, mapping), against JSON.parse of
 * the same bytes in the same process as the baseline.
 */
import { connectors } from '../../connectors/index.ts';
import { decodeMessage } from '../../connectors/runtime/decode-message.ts';
import { generateEvents } from '../../hub/demo/generate-events.ts';

const events = Number(process.argv[2] ?? 50_000);
const messages = [...generateEvents({ facts: events, badEvery: 50, seed: 'bench-decode' })].map((m, i) => ({
  connector: connectors.find((c) => c.topic === m.topic)!,
  message: { topic: m.topic, partition: 0, offset: String(i), key: null, value: Buffer.from(m.value), headers: {} },
}));

const perEvent = (ms: number) => (ms * 1000) / messages.length;
let decodeUs = 0;
let parseUs = 0;
const rounds = 5;
for (let round = 0; round < rounds; round++) {
  const t0 = performance.now();
  for (const { connector, message } of messages) decodeMessage(connector, message);
  const t1 = performance.now();
  for (const { message } of messages) {
    try {
      JSON.parse(message.value.toString('utf8'));
    } catch {
      // the bad events include non-JSON on purpose
    }
  }
  const t2 = performance.now();
  // The first round warms the JIT up; it is not counted.
  if (round > 0) [decodeUs, parseUs] = [decodeUs + perEvent(t1 - t0) / (rounds - 1), parseUs + perEvent(t2 - t1) / (rounds - 1)];
}
process.stdout.write(
  [
    `decode benchmark: ${messages.length} events, ${rounds - 1} timed rounds`,
    `  JSON.parse only (baseline)   ${parseUs.toFixed(1).padStart(6)} µs/event`,
    `  decodeMessage                ${decodeUs.toFixed(1).padStart(6)} µs/event  (${(decodeUs / parseUs).toFixed(1)}x the baseline, ${Math.round(1e6 / decodeUs)} events/s on one core)`,
  ].join('\n') + '\n',
);
