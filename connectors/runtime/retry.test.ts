import assert from 'node:assert/strict';
import { test } from 'node:test';
import { retryWithBackoff } from './retry.ts';

class Outage extends Error {}

test('retries a retriable failure until it succeeds', async () => {
  let calls = 0;
  const result = await retryWithBackoff(
    async () => {
      calls++;
      if (calls < 3) throw new Outage('db down');
      return 'stored';
    },
    { isRetriable: (e) => e instanceof Outage, shouldContinue: () => true, baseDelayMs: 1 },
  );
  assert.equal(result, 'stored');
  assert.equal(calls, 3);
});

test('never retries a programming error', async () => {
  let calls = 0;
  await assert.rejects(
    retryWithBackoff(
      async () => {
        calls++;
        throw new TypeError('bug');
      },
      { isRetriable: (e) => e instanceof Outage, shouldContinue: () => true, baseDelayMs: 1 },
    ),
    TypeError,
  );
  assert.equal(calls, 1);
});

test('stops when told to, rethrowing the last failure', async () => {
  let calls = 0;
  await assert.rejects(
    retryWithBackoff(
      async () => {
        calls++;
        throw new Outage('db down');
      },
      { isRetriable: () => true, shouldContinue: () => calls < 2, baseDelayMs: 1 },
    ),
    Outage,
  );
  assert.equal(calls, 2);
});
