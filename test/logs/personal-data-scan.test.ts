import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { demoIdNumber } from '../../hub/demo/demo-directory.ts';
import { seedPeople } from '../support/gateway-seed.ts';
import { collectFixturePeople } from './fixture-people.ts';
import { describeHits, findPersonalData, scanLogFolder } from './personal-data-scan.ts';

// The grep behind the suite's final check (no-personal-data.check.ts) must find what it looks for:
// planted lines in a log folder are found with file and line, and the failure message masks them.

const people = collectFixturePeople();
const seeded = seedPeople[0]!;
const clean = JSON.stringify({ level: 20, requestId: 'b7c1', operation: 'PersonRead', status: 200, msg: 'graphql request', masked: '510181********0079', hash: 'a'.repeat(64) });

test('the fixture people include the gateway seed, the sample feeds, the demo generator and persons written in test sources', () => {
  assert.ok(people.idNumbers.has(seeded.idNumber) && people.names.has(seeded.name) && people.photoRefs.has(seeded.photoRef));
  assert.ok(people.idNumbers.has('510181197001101002') && people.names.has('王伟'), 'the police sample feed');
  assert.ok(people.idNumbers.has(demoIdNumber('620802', 499)), 'the demo generator');
  assert.ok([...people.photoRefs].some((ref) => ref.startsWith('sha256:')), 'photo references of the samples and the demo');
  assert.ok(people.names.has('陈军'), 'an inspector named in a unit test');
});

test('a planted ID number, name or photo reference is found with its file and line, and the message masks it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hub-log-scan-'));
  try {
    writeFileSync(join(dir, 'gateway.1.log'), `${clean}\n${clean}\n${JSON.stringify({ err: `cannot store ${seeded.idNumber}` })}\n`);
    writeFileSync(join(dir, 'ingest.2.log'), `${clean}\n${JSON.stringify({ detail: `subject ${seeded.name} photo x:${seeded.photoRef}` })}\n`);
    writeFileSync(join(dir, 'clean.3.log'), `${clean}\n`);
    const { files, lines, hits } = scanLogFolder(dir, people);
    assert.equal(files, 3);
    assert.equal(lines, 6);
    assert.deepEqual(
      hits.map((h) => [h.file.slice(dir.length + 1), h.line, h.kind]),
      [
        ['gateway.1.log', 3, 'ID_NUMBER'],
        ['ingest.2.log', 2, 'NAME'],
        ['ingest.2.log', 2, 'PHOTO_REF'],
      ],
    );
    const message = describeHits(hits);
    assert.match(message, /gateway\.1\.log:3 {2}ID_NUMBER 510181\*{8}/);
    for (const value of [seeded.idNumber, seeded.name, seeded.photoRef]) assert.ok(!message.includes(value), `the failure message shows ${value.slice(0, 4)}… masked only`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('any valid resident ID number is found, fixture or not; masked numbers, hashes and ids are not', () => {
  const stranger = demoIdNumber('110105', 123);
  assert.equal(people.idNumbers.has(stranger), false);
  assert.deepEqual(findPersonalData(`{"msg":"x","v":"person:${stranger}"}`, people).map((h) => h.kind), ['ID_NUMBER']);
  assert.deepEqual(findPersonalData(clean, people), []);
  assert.deepEqual(findPersonalData(`{"offset":"123456789012345678","ts":1795622444494}`, people), [], 'an 18-digit number that is no valid ID number');
});
