// Small builders shared by the connector unit tests (`connectors/<department>/connector.test.ts`).
// Everything here is pure: events are plain objects, decoding is `decodeMessage`.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { DeadLetterCode } from '../errors.ts';
import { decodeMessage } from '../runtime/decode-message.ts';
import type { IncomingMessage } from '../runtime/incoming-message.ts';
import type { Connector } from './connector.ts';
import type { TableWrite, WritableTable } from './table-write.ts';

/** A structured-mode CloudEvent as the regions publish it; `data` stays loose so tests can break it. */
export interface SampleEvent {
  specversion: string;
  id: string;
  source: string;
  type: string;
  time: string;
  subject: string;
  datacontenttype?: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  data: Record<string, any>;
}

/** The five regions of the sample feeds. */
export const SAMPLE_REGIONS = ['510181', '620802', '520402', '140404', '310104'];

/** The sample feed of one department (`test/fixtures/samples/<department>.jsonl`). */
export function readSamples(department: string): SampleEvent[] {
  return parseJsonl(readFileSync(new URL(`../../test/fixtures/samples/${department}.jsonl`, import.meta.url), 'utf8'));
}

/** Parses a `.jsonl` fixture: one CloudEvent per non-empty line. */
export function parseJsonl(text: string): SampleEvent[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as SampleEvent);
}

/** The samples of one type; fails when there is none, so a test never passes vacuously. */
export function ofType(samples: SampleEvent[], type: string): SampleEvent[] {
  const found = samples.filter((event) => event.type === type);
  assert.ok(found.length > 0, `no sample of type ${type}`);
  return found;
}

/** Counts samples per event type. */
export function countByType(samples: SampleEvent[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const event of samples) counts[event.type] = (counts[event.type] ?? 0) + 1;
  return counts;
}

/** A Kafka record carrying `value` (an event object, raw text, or nothing). */
export function messageOf(value: SampleEvent | string | null, topic = 'test.events'): IncomingMessage {
  const bytes = value === null ? null : Buffer.from(typeof value === 'string' ? value : JSON.stringify(value), 'utf8');
  return { topic, partition: 0, offset: '0', key: null, value: bytes, headers: {} };
}

/** Decodes `event` as if it arrived on the connector's own topic. */
export function decode(connector: Connector, event: SampleEvent | string) {
  return decodeMessage(connector, messageOf(event, connector.topic));
}

/** Asserts the event is accepted (naming the refusal if not) and returns its writes. */
export function accept(connector: Connector, event: SampleEvent): TableWrite[] {
  const result = decode(connector, event);
  if (!result.accepted) assert.fail(`${event.type} ${event.id} was refused: ${result.code}: ${result.reason}`);
  assert.equal(result.type, event.type);
  assert.equal(result.eventId, event.id);
  assert.equal(result.source, event.source);
  return result.writes;
}

/** Asserts the event is refused with `code`; returns the reason for further checks. */
export function reject(connector: Connector, event: SampleEvent | string, code: DeadLetterCode): string {
  const result = decode(connector, event);
  if (result.accepted) assert.fail(`expected ${code}, but the event was accepted`);
  assert.equal(result.code, code, `refused with ${result.code} (${result.reason}), expected ${code}`);
  assert.ok(result.reason.length > 0, 'a refusal carries a reason');
  return result.reason;
}

export type RowOf<T extends WritableTable> = Extract<TableWrite, { table: T }>['row'];

/** Asserts the writes are exactly one row of `table` and returns it. */
export function singleRow<T extends WritableTable>(writes: TableWrite[], table: T): RowOf<T> {
  assert.deepEqual(
    writes.map((write) => write.table),
    [table],
  );
  return writes[0]!.row as RowOf<T>;
}

/** Compares only the listed columns of `row`, with a readable diff. */
export function assertFields(row: object, expected: Record<string, unknown>): void {
  const actual: Record<string, unknown> = {};
  for (const key of Object.keys(expected)) actual[key] = (row as Record<string, unknown>)[key];
  assert.deepEqual(actual, expected);
}

/** The provenance columns: region from the `source`, the envelope's source, id and time (as a Date). */
export function assertProvenance(row: { region: string; eventSource: string; eventId: string; eventTime: Date }, event: SampleEvent): void {
  const region = /^\/[a-z]+\/(\d{6})\//.exec(event.source)?.[1];
  assert.ok(region !== undefined && SAMPLE_REGIONS.includes(region), `unexpected source ${event.source}`);
  assert.equal(row.region, region);
  assert.equal(row.eventSource, event.source);
  assert.equal(row.eventId, event.id);
  assert.ok(row.eventTime instanceof Date, 'eventTime is a Date');
  assert.equal(row.eventTime.getTime(), Date.parse(event.time));
}

/** Asserts `value` is a Date at the instant `iso` names. */
export function assertDate(value: unknown, iso: string): void {
  assert.ok(value instanceof Date, `expected a Date, got ${typeof value}`);
  assert.equal(value.toISOString(), new Date(iso).toISOString());
}

let variantCount = 0;
/** A deep copy of `event` with a fresh id, changed by `patch`. */
export function variant(event: SampleEvent, patch: (copy: SampleEvent) => void = () => {}): SampleEvent {
  const copy = structuredClone(event);
  copy.id = `${event.id}-v${++variantCount}`;
  patch(copy);
  return copy;
}

/** Replaces the last character with another from `alphabet`, which makes any valid check character wrong. */
function otherCheckCharacter(code: string, alphabet: string): string {
  const last = code.charAt(code.length - 1);
  const replacement = [...alphabet].find((ch) => ch !== last)!;
  return code.slice(0, -1) + replacement;
}

/** The same USCC with a wrong 校验码 (still 18 characters of the GB 32100 alphabet). */
export const wrongUsccCheck = (uscc: string) => otherCheckCharacter(uscc, '0123456789ABCDEFGHJKLMNPQRTUWXY');

/** The same resident ID number with a wrong 校验码. */
export const wrongIdCheck = (idNumber: string) => otherCheckCharacter(idNumber, '0123456789X');

/** An impossible calendar date with a valid RFC 3339 shape. */
export const IMPOSSIBLE_DATE_TIME = '2026-02-30T09:30:00+08:00';
