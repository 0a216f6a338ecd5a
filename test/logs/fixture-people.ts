import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateEvents } from '../../hub/demo/generate-events.ts';
import { demoPerson, demoRegions } from '../../hub/demo/demo-directory.ts';
import { checkIdNumber } from '../../schema/identifiers/index.ts';
import { seedPeople } from '../support/gateway-seed.ts';
import type { FixturePeople } from './personal-data-scan.ts';
import { listFiles } from './personal-data-scan.ts';

const root = new URL('../../', import.meta.url).pathname;

/** Facts the demo generator is asked for by any test (the graceful-stop test asks 8,000): photo references follow the fact index. */
const DEMO_FACTS = 10_000;
/** Persons per demo region: the generator cycles through 500 (generate-events.ts). */
const DEMO_PERSONS_PER_REGION = 500;

/**
 * Every person the tests can put through the hub: the gateway seed, the
 * sample feeds of five regions, the demo generator (which the start test,
 * the accounting and fault tests publish), and any valid ID number or
 * person-looking `name: '…'` written into a test or a unit test's source.
 */
export function collectFixturePeople(): FixturePeople {
  const idNumbers = new Set<string>();
  const names = new Set<string>();
  const photoRefs = new Set<string>();
  const addPerson = (person: { idNumber?: unknown; name?: unknown; photoRef?: unknown }) => {
    if (typeof person.idNumber === 'string') idNumbers.add(person.idNumber.toUpperCase());
    if (typeof person.name === 'string' && person.name.length >= 2) names.add(person.name);
    if (typeof person.photoRef === 'string' && person.photoRef) photoRefs.add(person.photoRef);
  };

  for (const person of seedPeople) addPerson(person);

  const samples = join(root, 'test/fixtures/samples');
  for (const file of readdirSync(samples)) {
    const text = readFileSync(join(samples, file), 'utf8');
    const documents = file.endsWith('.jsonl') ? text.split('\n').filter(Boolean) : file.endsWith('.json') ? [text] : [];
    for (const document of documents) collectFrom(JSON.parse(document), addPerson);
  }

  for (let region = 0; region < demoRegions.length; region++) {
    for (let n = 0; n < DEMO_PERSONS_PER_REGION; n++) addPerson(demoPerson(region, n));
  }
  for (const message of generateEvents({ facts: DEMO_FACTS, badEvery: 0 })) collectFrom(JSON.parse(message.value), addPerson);

  for (const file of sourceFiles()) {
    const text = readFileSync(file, 'utf8');
    for (const [id] of text.matchAll(/(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g)) if (checkIdNumber(id).ok) idNumbers.add(id);
    for (const [, name] of text.matchAll(/\bname: '([\u3400-\u9fff]{2,3})'/g)) names.add(name!);
  }
  return { idNumbers, names, photoRefs };
}

/**
 * Walks an event or fixture document: an object holding an `idNumber` (or
 * an `id` that is one) or an `inspectorId` is a person (its `name` a person's name); a `photoRef` is a
 * photo wherever it sits.
 */
function collectFrom(value: unknown, addPerson: (person: { idNumber?: unknown; name?: unknown; photoRef?: unknown }) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) collectFrom(item, addPerson);
    return;
  }
  if (!value || typeof value !== 'object') return;
  const record = value as Record<string, unknown>;
  // subjects.json lists persons as `{ id, name }`.
  const idNumber = record.idNumber ?? (typeof record.id === 'string' && checkIdNumber(record.id).ok ? record.id : undefined);
  const isPerson = idNumber !== undefined || 'inspectorId' in record;
  addPerson({ idNumber, name: isPerson ? record.name : undefined, photoRef: record.photoRef });
  for (const nested of Object.values(record)) collectFrom(nested, addPerson);
}

/** Test and unit-test sources, where a test may write a person of its own. */
function sourceFiles(): string[] {
  return ['test', 'connectors', 'gateway', 'hub', 'console', 'schema']
    .flatMap((folder) => listFiles(join(root, folder)))
    .filter((file) => file.endsWith('.ts') && !file.includes('/node_modules/'));
}
