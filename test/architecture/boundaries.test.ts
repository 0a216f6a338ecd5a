import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';

// The layers DESIGN.md fixes: gateway/ and connectors/ both depend on
// schema/ and never on each other; schema/ depends on neither; one module
// owns kafkajs; configuration is read from the environment in entry points only.

const root = new URL('../../', import.meta.url).pathname;

function sourceFiles(folder: string): string[] {
  const dir = join(root, folder);
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(relative(root, path));
    return name.endsWith('.ts') ? [relative(root, path)] : [];
  });
}

const importsOf = (file: string) => [...readFileSync(join(root, file), 'utf8').matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/g)].map((m) => m[1]!);

function offenders(folders: string[], forbidden: RegExp, skip: (file: string) => boolean = () => false) {
  return folders.flatMap(sourceFiles).filter((file) => !skip(file)).flatMap((file) => importsOf(file).filter((spec) => forbidden.test(spec)).map((spec) => `${file} imports ${spec}`));
}

test('connectors/ and gateway/ do not import each other', () => {
  assert.deepEqual(offenders(['connectors'], /(^|\/)gateway\//), []);
  assert.deepEqual(offenders(['gateway'], /(^|\/)connectors\//), []);
});

test('gateway/ does not depend on the process that wires it (hub/)', () => {
  assert.deepEqual(offenders(['gateway'], /(^|\/)hub\//), []);
});

test('schema/ depends on no other layer', () => {
  assert.deepEqual(offenders(['schema'], /(^|\/)(connectors|gateway|hub|console)\//), []);
});

// The steward console reaches data through the gateway's GraphQL only (with the steward's own token), so it
// must not hold a database, a broker or the gateway's internals: from schema/ it takes the vocabulary alone.
test('console/ imports no connectors/, hub/ or gateway/ code, and from schema/ only the vocabulary', () => {
  assert.deepEqual(offenders(['console'], /(^|\/)(connectors|hub|gateway)\//), []);
  assert.deepEqual(offenders(['console'], /(^|\/)schema\/(?!vocabulary\/)/), []);
  assert.deepEqual(offenders(['console'], /^(pg|drizzle-orm|@electric-sql\/pglite|kafkajs)(\/|$)/), []);
});

// What console/ may import must stay the vocabulary alone: locks, queries and updates of the code mappings
// live in schema/stewardship/, beside the other database code.
test('schema/vocabulary/ holds no database code: it imports nothing outside itself', () => {
  assert.deepEqual(offenders(['schema/vocabulary'], /^(?!\.\/|node:)/), []);
});

test('no layer but the process that wires it (hub/) imports console/', () => {
  assert.deepEqual(offenders(['schema', 'connectors', 'gateway'], /(^|\/)console\//), []);
});

test('kafkajs is imported by connectors/runtime/kafka.ts alone', () => {
  assert.deepEqual(offenders(['schema', 'connectors', 'gateway', 'hub', 'console', 'bench', 'test'], /^kafkajs/, (file) => file === 'connectors/runtime/kafka.ts'), []);
});

test('process.env is read in entry points only', () => {
  const entryPoints = new Set(['hub/cli.ts']);
  const readers = ['schema', 'connectors', 'gateway', 'hub', 'console']
    .flatMap(sourceFiles)
    .filter((file) => !file.endsWith('.test.ts') && !entryPoints.has(file))
    .filter((file) => readFileSync(join(root, file), 'utf8').includes('process.env'));
  assert.deepEqual(readers, []);
});
