import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import fc from 'fast-check';
import { readSamples, type SampleEvent } from '../contract/test-helpers.ts';
import type { Connector } from '../contract/connector.ts';
import { isStorableText } from '../contract/storable-text.ts';
import type { DeadLetterCode } from '../errors.ts';
import { connectors } from '../index.ts';
import { mutatedEvent, serialise } from '../../test/support/hostile-events.ts';
import { decodeMessage, type DecodedMessage } from './decode-message.ts';

// Issue #6: the event parser (envelope, each department's contracts, the
// mapping) over hostile input — arbitrary bytes, arbitrary JSON, real sample
// events mutated — never throws: each message is accepted or refused with a
// known code, in bounded time; and what it accepts the database can store.

const KNOWN_CODES = new Set<DeadLetterCode>([
  'NOT_JSON',
  'NOT_CLOUDEVENT',
  'UNSUPPORTED_SPECVERSION',
  'UNSUPPORTED_CONTENT_TYPE',
  'BAD_SOURCE',
  'DEPARTMENT_MISMATCH',
  'UNKNOWN_TYPE',
  'INVALID_TEXT',
  'MISSING_FIELD',
  'INVALID_FIELD',
  'INVALID_DATE',
  'NEGATIVE_AMOUNT',
  'INVALID_REGION',
  'INVALID_USCC',
  'INVALID_ID_NUMBER',
  'SUBJECT_MISMATCH',
  'MAPPING_FAILED',
  'STORE_REJECTED',
]);

/** Generous: decoding costs microseconds; a regular expression gone quadratic on a huge field costs seconds. */
const BOUND_MS = 500;
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
process.on('unhandledRejection', onUnhandled);
after(() => {
  process.off('unhandledRejection', onUnhandled);
  assert.deepEqual(unhandled, [], 'no unhandled rejection');
});

const samples = new Map<string, SampleEvent[]>(connectors.map((c) => [c.department, readSamples(c.department)]));

/** Decodes `value` on `connector`'s topic and checks the property every message must hold. */
function decodeChecked(connector: Connector, value: Buffer | null): DecodedMessage {
  const started = performance.now();
  let result: DecodedMessage;
  try {
    result = decodeMessage(connector, { topic: connector.topic, partition: 0, offset: '0', key: null, value, headers: {} });
  } catch (error) {
    assert.fail(`decodeMessage threw on ${connector.topic}: ${String(error)}`);
  }
  const ms = performance.now() - started;
  assert.ok(ms < BOUND_MS, `decoding took ${ms.toFixed(0)} ms`);
  if (!result.accepted) {
    assert.ok(KNOWN_CODES.has(result.code), `unknown code ${result.code}`);
    assert.equal(typeof result.reason, 'string');
    assert.ok(result.reason.length > 0 && result.reason.length < 2_000, 'a bounded reason');
    assert.notEqual(result.code, 'MAPPING_FAILED', `an event passed its contract but could not be mapped: ${result.reason}`);
    if (result.source !== null) assert.ok(isStorableText(result.source));
    if (result.eventId !== null) assert.ok(isStorableText(result.eventId));
  } else {
    assert.ok(result.writes.length > 0, 'an accepted event writes rows');
    assertStorable(result.writes, 'writes');
  }
  return result;
}

/** What PostgreSQL would refuse: text with NUL or a lone surrogate, an invalid date, a non-finite number. */
function assertStorable(value: unknown, path: string): void {
  const stack: [unknown, string][] = [[value, path]];
  while (stack.length > 0) {
    const [current, at] = stack.pop()!;
    if (typeof current === 'string') assert.ok(isStorableText(current), `${at}: text PostgreSQL cannot store`);
    else if (typeof current === 'number') assert.ok(Number.isFinite(current), `${at}: not a finite number`);
    else if (current instanceof Date) assert.ok(!Number.isNaN(current.getTime()), `${at}: invalid date`);
    else if (current !== null && typeof current === 'object') for (const [key, child] of Object.entries(current)) stack.push([child, `${at}.${key}`]);
  }
}

// Departments, not connector objects, so a counterexample prints short.
const byDepartment = new Map(connectors.map((c) => [c.department as string, c]));
const connectorArb = fc.constantFrom(...byDepartment.keys()).map(
  (department) => byDepartment.get(department)!,
  (connector) => (connector as Connector).department,
);

test('arbitrary bytes are refused (or accepted) with a known code, never a throw', () => {
  fc.assert(
    fc.property(connectorArb, fc.option(fc.uint8Array({ maxLength: 4_096 }), { nil: null }), (connector, bytes) => {
      decodeChecked(connector, bytes === null ? null : Buffer.from(bytes));
    }),
    { numRuns: RUNS * 4 },
  );
});

test('arbitrary JSON, as a value and as the data of a well-formed envelope, never throws', () => {
  fc.assert(
    fc.property(connectorArb, fc.json({ maxDepth: 6 }), (connector, json) => {
      decodeChecked(connector, Buffer.from(json));
    }),
    { numRuns: RUNS * 4 },
  );
  fc.assert(
    fc.property(connectorArb, fc.jsonValue({ maxDepth: 5 }), fc.nat(), (connector, data, pick) => {
      const types = Object.keys(connector.handlers);
      const sample = samples.get(connector.department)![0]!;
      const event = { ...sample, id: `fuzz-${pick}`, type: types[pick % types.length]!, data };
      decodeChecked(connector, Buffer.from(JSON.stringify(event)));
    }),
    { numRuns: RUNS * 4 },
  );
});

const mutatedSample = mutatedEvent(samples);

const outcomes = new Map<string, number>();

test('real sample events with fields flipped, dropped, added, retyped, huge, unicode, control characters or deeply nested never throw', () => {
  fc.assert(
    fc.property(mutatedSample, ({ department, event }) => {
      const text = serialise(event);
      if (text === undefined) return;
      const result = decodeChecked(byDepartment.get(department)!, Buffer.from(text));
      outcomes.set(result.accepted ? 'accepted' : result.code, (outcomes.get(result.accepted ? 'accepted' : result.code) ?? 0) + 1);
    }),
    { numRuns: RUNS * 6 },
  );
  // Mutations that leave an event valid (an extra key, a renamed optional field) reach the mapping too.
  assert.ok((outcomes.get('accepted') ?? 0) > 0, `some mutated events were still accepted: ${JSON.stringify([...outcomes])}`);
  assert.ok(outcomes.size >= 6, `mutations met several rules: ${JSON.stringify([...outcomes])}`);
});

test('real sample events cut short, with bytes flipped or in another encoding never throw', () => {
  fc.assert(
    fc.property(connectorArb, fc.nat(), fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('truncate', 'flip', 'latin1', 'utf16le', 'bom'), (connector, pick, at, byte, how) => {
      const feed = samples.get(connector.department)!;
      const text = JSON.stringify(feed[pick % feed.length] as SampleEvent);
      let bytes = Buffer.from(text);
      if (how === 'truncate') bytes = bytes.subarray(0, at % bytes.length);
      else if (how === 'flip') bytes[at % bytes.length] = byte;
      else if (how === 'latin1') bytes = Buffer.from(text, 'latin1');
      else if (how === 'utf16le') bytes = Buffer.from(text, 'utf16le');
      else bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
      decodeChecked(connector, bytes);
    }),
    { numRuns: RUNS * 4 },
  );
});

test('the unmutated samples are accepted: the properties above are not met by refusing everything', () => {
  for (const connector of connectors) {
    for (const event of samples.get(connector.department)!) assert.equal(decodeChecked(connector, Buffer.from(JSON.stringify(event))).accepted, true);
  }
});
