import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codeMappingLockKey } from './steward-mappings.ts';

test("a code's lock key is the same in every process, a signed 32-bit integer, and differs by department", () => {
  const key = codeMappingLockKey('health', 'WJ-NEW1');
  assert.equal(key, codeMappingLockKey('health', 'WJ-NEW1'));
  assert.ok(Number.isInteger(key) && key >= -(2 ** 31) && key < 2 ** 31);
  assert.notEqual(codeMappingLockKey('police', 'WJ-NEW1'), key);
  // The separator keeps (department, code) pairs apart that would concatenate alike.
  assert.notEqual(codeMappingLockKey('health', 'aWJ'), codeMappingLockKey('healtha', 'WJ'));
});
