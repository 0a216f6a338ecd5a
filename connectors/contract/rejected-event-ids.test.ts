import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rejectedEventIds } from './rejected-event-ids.ts';

const message = (fields: Record<string, unknown>) => Buffer.from(JSON.stringify({ specversion: '1.0', type: 'health.clue.reported', ...fields }));

test('a rejected event keeps its source and id when they can be read', () => {
  assert.deepEqual(rejectedEventIds(message({ source: '/health/510181/complaints', id: 'e-1', time: 'not a time' })), { source: '/health/510181/complaints', eventId: 'e-1' });
  assert.deepEqual(rejectedEventIds(message({ source: '/market/310104/ads' })), { source: '/market/310104/ads', eventId: null }, 'another department, no id');
});

test('no source without a real region, or from what is not a JSON object', () => {
  for (const source of ['/health/51018/complaints', '/health/000000/x', '/health/990000/x', 'health-510181', '/health/510181/', 42]) {
    assert.equal(rejectedEventIds(message({ source, id: 'e-2' })), null, JSON.stringify(source));
  }
  assert.equal(rejectedEventIds(Buffer.from('{"source":"/health/510181/x"')), null, 'not JSON');
  assert.equal(rejectedEventIds(Buffer.from('["/health/510181/x"]')), null);
  assert.equal(rejectedEventIds(null), null);
});

test('text PostgreSQL cannot store is never kept', () => {
  assert.equal(rejectedEventIds(message({ source: '/health/510181/sys\u0000tem', id: 'e-3' })), null);
  assert.deepEqual(rejectedEventIds(message({ source: '/health/510181/system', id: 'e\u0000' })), { source: '/health/510181/system', eventId: null });
});
