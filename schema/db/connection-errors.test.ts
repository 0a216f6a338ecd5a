import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DrizzleQueryError } from 'drizzle-orm';
import { isDatabaseUnavailableError } from './connection-errors.ts';

const pgError = (code: string, message = 'from the server') => Object.assign(new Error(message), { code });
const wrapped = (cause: unknown) => new DrizzleQueryError('select 1', [], cause as Error);

test('connection-class failures count as the database being unavailable, also wrapped by drizzle', () => {
  for (const error of [
    pgError('57P01', 'terminating connection due to administrator command'),
    pgError('57P02'),
    pgError('57P03', 'the database system is shutting down'),
    pgError('08006'),
    pgError('08001'),
    pgError('53300', 'sorry, too many clients already'),
    pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'),
    pgError('ECONNRESET'),
    new Error('Connection terminated unexpectedly'),
    new Error('timeout exceeded when trying to connect'),
    new Error('Connection terminated due to connection timeout'),
    new AggregateError([pgError('ECONNREFUSED'), pgError('ECONNREFUSED')], ''),
  ]) {
    assert.equal(isDatabaseUnavailableError(error), true, `${(error as { code?: string }).code ?? error.message}`);
    assert.equal(isDatabaseUnavailableError(wrapped(error)), true, `wrapped ${(error as { code?: string }).code ?? error.message}`);
  }
});

test('a statement the database refuses is not an outage', () => {
  for (const error of [
    pgError('08P01', 'protocol violation'),
    pgError('23505', 'duplicate key value violates unique constraint'),
    pgError('42P01', 'relation does not exist'),
    pgError('57014', 'canceling statement due to statement timeout'),
    pgError('40001'),
    pgError('22P02'),
    new Error('Connection terminated'),
    new TypeError('Cannot read properties of undefined'),
    new AggregateError([pgError('ECONNREFUSED'), new TypeError('x')], ''),
    'ECONNREFUSED',
    null,
  ]) {
    assert.equal(isDatabaseUnavailableError(error), false, String(error));
    assert.equal(isDatabaseUnavailableError(wrapped(error)), false, `wrapped ${String(error)}`);
  }
});
