import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GraphQLError } from 'graphql';
import { decodeCursor, encodeCursor, pageSize } from './cursor.ts';

function codeOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error instanceof GraphQLError ? [error.extensions.code, error.extensions.argument] : error;
  }
  return 'no error';
}

test('a cursor round-trips its position', () => {
  const position = { time: '2026-11-01T08:00:00.123456Z', id: 42 };
  assert.deepEqual(decodeCursor(encodeCursor(position)), position);
});

test('anything but an issued cursor is BAD_USER_INPUT naming the argument', () => {
  for (const bad of ['', 'abc', Buffer.from('[1,2]').toString('base64url'), Buffer.from('["x",1]').toString('base64url'), Buffer.from('["2026-01-01T00:00:00Z",1.5]').toString('base64url'), Buffer.from('["2026-01-01T08:00:00+08:00",1]').toString('base64url'), Buffer.from('["2026-13-01T00:00:00Z",1]').toString('base64url'), Buffer.from('["2026-02-30T00:00:00Z",1]').toString('base64url'), Buffer.from('["0000-01-01T00:00:00Z",1]').toString('base64url')]) {
    assert.deepEqual(codeOf(() => decodeCursor(bad)), ['BAD_USER_INPUT', 'after'], bad);
  }
});

test('page size is 1 to 100, forward only', () => {
  assert.equal(pageSize({}), 20);
  assert.equal(pageSize({ first: 100 }), 100);
  assert.deepEqual(codeOf(() => pageSize({ first: 0 })), ['BAD_USER_INPUT', 'first']);
  assert.deepEqual(codeOf(() => pageSize({ first: 101 })), ['BAD_USER_INPUT', 'first']);
  assert.deepEqual(codeOf(() => pageSize({ last: 5 })), ['BAD_USER_INPUT', 'last']);
  assert.deepEqual(codeOf(() => pageSize({ before: 'x' })), ['BAD_USER_INPUT', 'before']);
});
