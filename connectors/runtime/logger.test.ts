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

test('a GraphQL error is described by its code: its message quotes the variables a caller sent', async () => {
  const { GraphQLError } = await import('graphql');
  const refused = new GraphQLError(`Variable "$b" got invalid value "${idNumber}"; Value "${idNumber}" does not exist in "PurposeBasis" enum.`, { extensions: { code: 'BAD_USER_INPUT' } });
  assert.equal(describeError(refused), 'GraphQLError BAD_USER_INPUT');
  assert.equal(describeError(new GraphQLError('no code')), 'GraphQLError');
});

test('an ID number or Chinese text inside any other message is cut out', () => {
  const text = describeError(new Error(`cannot map subject person:${idNumber} (王伟)`));
  assert.equal(text, 'Error: cannot map subject person:[number] ([text])');
});
