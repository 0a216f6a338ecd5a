import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Caller } from './caller.ts';
import { TokenRejectedError } from './token-errors.ts';
import { cacheVerifiedTokens } from './verified-token-cache.ts';

const callerUntil = (expiresAt: number): Caller => ({ subject: 's', agency: 'police:510181', department: 'police', region: '510181', scopes: new Set(['clue:read']), expiresAt: new Date(expiresAt) });

test('a token is verified once and then served from memory until it expires', async () => {
  let clock = 1_000;
  const calls: string[] = [];
  const verify = cacheVerifiedTokens(async (token) => (calls.push(token!), callerUntil(2_000)), { now: () => clock });
  await verify('a');
  await verify('a');
  assert.deepEqual(calls, ['a']);
  clock = 2_000;
  await verify('a');
  assert.deepEqual(calls, ['a', 'a'], 'expired: verified again (and then refused by the verifier)');
});

test('rejections are not cached, and the oldest entry makes room', async () => {
  const calls: string[] = [];
  let reject = true;
  const verify = cacheVerifiedTokens(
    async (token) => {
      calls.push(token!);
      if (reject) throw new TokenRejectedError('SIGNATURE_INVALID');
      return callerUntil(8.64e15);
    },
    { maxEntries: 2, now: () => 0 },
  );
  await assert.rejects(verify('bad'), TokenRejectedError);
  await assert.rejects(verify('bad'), TokenRejectedError);
  reject = false;
  await verify('a');
  await verify('b');
  await verify('c');
  await verify('b');
  await verify('a');
  assert.deepEqual(calls, ['bad', 'bad', 'a', 'b', 'c', 'a']);
});

test('a long-lived token is checked again after a minute, so a withdrawn key stops working', async () => {
  let clock = 0;
  const calls: string[] = [];
  const verify = cacheVerifiedTokens(async (token) => (calls.push(token!), callerUntil(86_400_000)), { now: () => clock });
  await verify('a');
  clock = 59_999;
  await verify('a');
  clock = 60_000;
  await verify('a');
  assert.deepEqual(calls, ['a', 'a']);
});
