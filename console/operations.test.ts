import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { operationNameOf } from './graphql-client.ts';
import { consoleOperations } from './operations.ts';

test('every operation a console page writes is in the list persisted-operations mode allows', () => {
  const pages = new URL('./pages/', import.meta.url);
  const written = readdirSync(pages)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .flatMap((file) => [...readFileSync(new URL(file, pages), 'utf8').matchAll(/\b(?:query|mutation)\s+(Console\w+)/g)].map((match) => match[1]));
  const listed = consoleOperations.map(operationNameOf);
  assert.ok(written.length >= 13);
  assert.deepEqual([...new Set(written)].sort(), [...new Set(listed)].sort());
  assert.equal(new Set(consoleOperations).size, consoleOperations.length, 'no document listed twice');
});
