import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isRetriableIngestError } from './store-errors.ts';

const pgError = (code: string) => Object.assign(new Error('from the server'), { code });
const wrapped = (cause: unknown) => Object.assign(new Error('Failed query: insert ... params: ...'), { cause });

test('outages are retriable, looked for through wrapping errors', () => {
  for (const code of ['08006', '40001', '40P01', '53300', '57P01', 'ECONNREFUSED', 'ECONNRESET']) {
    assert.equal(isRetriableIngestError(wrapped(pgError(code))), true, code);
  }
  assert.equal(isRetriableIngestError(Object.assign(new Error('leader not available'), { retriable: true })), true);
});

test('bad data and programming errors are not retriable', () => {
  for (const code of ['08P01', '22021', '22P02', '23505', '42P01']) {
    assert.equal(isRetriableIngestError(wrapped(pgError(code))), false, code);
  }
  assert.equal(isRetriableIngestError(new TypeError('undefined is not a function')), false);
});
