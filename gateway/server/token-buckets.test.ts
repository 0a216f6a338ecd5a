import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTokenBuckets } from './token-buckets.ts';

test('a burst is granted at once, then one request per refill interval, with the wait in whole seconds', () => {
  let clock = 0;
  const buckets = createTokenBuckets({ perMinute: 60, burst: 3, now: () => clock });
  assert.deepEqual([buckets.take('a'), buckets.take('a'), buckets.take('a')], [0, 0, 0]);
  assert.equal(buckets.take('a'), 1, 'one token a second: retry after 1 s');
  clock += 400;
  assert.equal(buckets.take('a'), 1, '0.4 tokens: still under one, rounded up to a whole second');
  clock += 600;
  assert.equal(buckets.take('a'), 0);
  assert.equal(buckets.take('a'), 1);
});

test('keys are independent and a quiet key refills to the burst, never beyond', () => {
  let clock = 0;
  const buckets = createTokenBuckets({ perMinute: 6, burst: 2, now: () => clock });
  buckets.take('a');
  buckets.take('a');
  assert.equal(buckets.take('a'), 10, 'six a minute: one every 10 s');
  assert.equal(buckets.take('b'), 0, 'another key has its own bucket');
  clock += 3_600_000;
  assert.deepEqual([buckets.take('a'), buckets.take('a'), buckets.take('a') > 0], [0, 0, true]);
});

test('many keys are pruned when full, without losing the state of a drained one', () => {
  let clock = 0;
  const buckets = createTokenBuckets({ perMinute: 1, burst: 1, now: () => clock });
  buckets.take('drained');
  for (let i = 0; i < 20_000; i++) buckets.take(`k${i}`);
  clock += 1_000;
  assert.ok(buckets.take('drained') > 0, 'the drained key still waits');
});
