import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DeadLetterRecord } from '../data/dead-letters.ts';
import { replayMessageOf } from './replay-dead-letters.ts';

const row = (headers: Record<string, string>): DeadLetterRecord => ({
  id: 42,
  topic: 'health.events',
  partition: 3,
  offset: 17,
  messageKey: Buffer.from('institution:9151018100010001X6'),
  value: Buffer.from('{"specversion":"1.0"}'),
  headers,
  errorCode: 'INVALID_USCC',
  reason: 'data.uscc: check character',
  eventSource: '/health/510181/licensing',
  eventId: 'e-1',
  deadLetteredAt: new Date(),
  replayOf: null,
  replayedAt: null,
  replayedBy: null,
  replayCount: 0,
});

test('a replay sends the original key, value and headers to the topic it came from, naming the dead letter it replays', () => {
  const message = replayMessageOf(row({ 'content-type': 'application/cloudevents+json', 'x-region-system': 'licensing' }));
  assert.equal(message.topic, 'health.events');
  assert.equal(message.key!.toString(), 'institution:9151018100010001X6');
  assert.equal(message.value!.toString(), '{"specversion":"1.0"}');
  assert.deepEqual(message.headers, { 'content-type': 'application/cloudevents+json', 'x-region-system': 'licensing', 'hub-replay-of': '42' });
});

test('a header stored as base64 (binary in the original) goes back as its bytes', () => {
  const message = replayMessageOf(row({ trace: `base64:${Buffer.from([0xff, 0x00, 0x01]).toString('base64')}` }));
  assert.deepEqual(message.headers.trace, Buffer.from([0xff, 0x00, 0x01]));
});

test('replaying a failed replay names the newest dead letter, not the first one', () => {
  const message = replayMessageOf(row({ 'hub-replay-of': '7' }));
  assert.equal(message.headers['hub-replay-of'], '42');
});
