import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findUnstorableText, isStorableText } from './storable-text.ts';

test('ordinary text, Chinese and paired surrogates are storable', () => {
  assert.equal(isStorableText('都江堰市康宁医院'), true);
  assert.equal(isStorableText('𠮷野家'), true);
});

test('NUL and unpaired surrogates are found, with their path', () => {
  assert.equal(isStorableText('a\u0000b'), false);
  assert.equal(isStorableText('\ud800'), false);
  assert.equal(isStorableText('x\udc00'), false);
  assert.equal(findUnstorableText(JSON.parse('{"data":{"findings":[{"description":"\\ud83d"}]}}')), 'data.findings.0.description');
  assert.equal(findUnstorableText(JSON.parse('{"data":{"na\\u0000me":"x"}}')), 'data (a key)');
  assert.equal(findUnstorableText({ data: { name: '王伟', n: 1, ok: true, none: null } }), null);
});

test('nesting far deeper than the call stack allows is walked, and its text checked', () => {
  const deep = (depth: number, leaf: string) => JSON.parse('{"a":'.repeat(depth) + JSON.stringify(leaf) + '}'.repeat(depth)) as unknown;
  assert.equal(findUnstorableText(deep(100_000, 'fine')), null);
  assert.equal(findUnstorableText(deep(100_000, 'bad\u0000')), `${'a.'.repeat(100).slice(0, 199)}…`, 'its path cut to 200 characters for the dead-letter reason');
  assert.equal(findUnstorableText(JSON.parse('['.repeat(100_000) + ']'.repeat(100_000))), null);
});
