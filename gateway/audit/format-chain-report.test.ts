import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatChainReport } from './format-chain-report.ts';

const hash = 'ab12cd34ef56'.padEnd(64, '0');

test('an intact chain: entry count with grouping, head seq and hash prefix', () => {
  assert.equal(formatChainReport({ ok: true, checked: 1234, head: { seq: 1234, hash }, firstBroken: null }), 'audit chain intact: 1,234 entries, head #1234 ab12cd34ef56…');
  assert.equal(formatChainReport({ ok: true, checked: 0, head: null, firstBroken: null }), 'audit chain intact: no entries yet');
});

test('a broken chain names the entry and what its reason means', () => {
  const altered = formatChainReport({ ok: false, checked: 56, head: { seq: 56, hash }, firstBroken: { seq: 57, reason: 'HASH_MISMATCH' } });
  assert.match(altered, /^audit chain BROKEN at entry #57: hash does not match its contents \(altered after it was written\); 56 entries before it are intact/);
  const gap = formatChainReport({ ok: false, checked: 1, head: { seq: 1, hash }, firstBroken: { seq: 4, reason: 'SEQUENCE_GAP' } });
  assert.match(gap, /^audit chain BROKEN at entry #4: entries #2–#3 are missing \(deleted\); 1 entry before it is intact/);
  const first = formatChainReport({ ok: false, checked: 0, head: null, firstBroken: { seq: 2, reason: 'SEQUENCE_GAP' } });
  assert.equal(first, 'audit chain BROKEN at entry #2: entry #1 is missing (deleted)');
  assert.match(formatChainReport({ ok: false, checked: 4, head: { seq: 4, hash }, firstBroken: { seq: 5, reason: 'PREVIOUS_HASH_MISMATCH' } }), /entry #5: it does not carry the hash of entry #4/);
});
