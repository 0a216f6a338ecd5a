import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GraphQLError } from 'graphql';
import { encodeCursor } from './cursor.ts';
import { decodeSeqCursor, encodeSeqCursor } from './seq-cursor.ts';

test('a sequence cursor reads back as the number it was made from', () => {
  for (const seq of [1, 42, Number.MAX_SAFE_INTEGER]) assert.equal(decodeSeqCursor(encodeSeqCursor(seq)), seq);
});

test('anything else is BAD_USER_INPUT naming the argument: garbage, a keyset cursor, zero, a fraction', () => {
  const bad = ['x', '', encodeCursor({ time: '2026-01-01T00:00:00.000000Z', id: 3 }), Buffer.from('["seq",0]').toString('base64url'), Buffer.from('["seq",1.5]').toString('base64url')];
  for (const cursor of bad) {
    assert.throws(
      () => decodeSeqCursor(cursor, 'after'),
      (error: unknown) => error instanceof GraphQLError && error.extensions.code === 'BAD_USER_INPUT' && error.extensions.argument === 'after',
      cursor,
    );
  }
});
