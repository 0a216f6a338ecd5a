import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DrizzleQueryError } from 'drizzle-orm';
import { describeError } from './logger.ts';

const idNumber = '510181197001101002';

test('a failed query is described by its SQLSTATE, never by its parameters', () => {
  const serverError = Object.assign(new Error(`invalid byte sequence near "${idNumber}"`), { code: '22021' });
  const queryError = new DrizzleQueryError('insert into clues ...', [idNumber, '王伟'], serverError);
  const text = describeError(queryError);
  assert.equal(text, 'database error SQLSTATE 22021');
  assert.ok(!text.includes(idNumber) && !text.includes('王伟'));
});

test('a failed query without a server answer names the error kind only', () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
  const text = describeError(new DrizzleQueryError('insert ...', [idNumber], refused));
  assert.equal(text, 'Error ECONNREFUSED');
});

test('other errors keep their message', () => {
  assert.equal(describeError(new TypeError('x is not a function')), 'TypeError: x is not a function');
});
