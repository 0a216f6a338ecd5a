import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { test } from 'node:test';
import { testLogDir } from '../support/test-log.ts';
import { collectFixturePeople } from './fixture-people.ts';
import { describeHits, listFiles, scanLogFolder } from './personal-data-scan.ts';

// The last step of `npm test`, after every other test file has run: the logs the whole suite wrote
// (kept in TEST_LOG_DIR by test/support/test-log.ts — in-process loggers at debug level, and the
// stderr of every hub process a test started) hold no ID number, name or photo reference of any
// person from the fixtures, nor any valid resident ID number at all. Named *.check.ts so the suite's
// own run does not pick it up before the logs exist.

test('the whole suite logged no ID number, name or photo reference of any person', { timeout: 120_000 }, () => {
  assert.ok(testLogDir, 'TEST_LOG_DIR is not set: run `npm test`, which keeps the suite\'s logs there and runs this check last');
  assert.ok(existsSync(testLogDir), `TEST_LOG_DIR ${testLogDir} does not exist: the suite wrote no logs`);

  // The capture must have caught the suite at work, or a clean result would prove nothing.
  const files = listFiles(testLogDir);
  const byComponent = new Map<string, string[]>();
  for (const file of files) {
    const component = basename(file).split('.')[0]!.replace(/-\d+$/, '');
    byComponent.set(component, [...(byComponent.get(component) ?? []), file]);
  }
  const linesOf = (component: string) => (byComponent.get(component) ?? []).flatMap((file) => readFileSync(file, 'utf8').split('\n').filter(Boolean));
  const messagesOf = (component: string) => linesOf(component).map((line) => (line.startsWith('{') ? (JSON.parse(line) as Record<string, unknown>) : { msg: line }));
  const ingest = messagesOf('ingest');
  const gateway = messagesOf('gateway');
  const audit = messagesOf('audit');
  const hubStart = linesOf('hub-start');
  assert.ok(ingest.filter((m) => m.msg === 'batch stored').length >= 20, 'ingest logged its batches (topic, partition, offsets)');
  assert.ok(ingest.some((m) => m.msg === 'message dead-lettered' && typeof m.offset === 'string' && typeof m.code === 'string'), 'ingest logged dead letters by position and code');
  assert.ok(gateway.filter((m) => m.msg === 'graphql request').length >= 1000, 'the gateway logged its requests');
  assert.ok(gateway.some((m) => m.msg === 'token rejected'), 'the gateway logged rejected tokens');
  assert.ok(audit.filter((m) => m.msg === 'audit entries appended').length >= 10, 'the audit appender logged its writes');
  assert.ok(hubStart.some((line) => line.includes('"msg":"GraphQL gateway listening"')), 'the hub CLI started by a test logged at debug level into the folder');

  // Every gateway line about a request names it.
  const aboutRequests = gateway.filter((m) => /graphql|request|token/i.test(String(m.msg)) && !/access policy|listening/.test(String(m.msg)));
  const unnamed = aboutRequests.filter((m) => typeof m.requestId !== 'string' && !Array.isArray(m.requestIds));
  assert.deepEqual(unnamed.map((m) => m.msg), [], 'gateway log lines about a request carry its requestId');

  const { lines, hits } = scanLogFolder(testLogDir, collectFixturePeople());
  process.stdout.write(`# searched ${files.length} log files, ${lines} lines in ${testLogDir}\n`);
  assert.equal(hits.length, 0, describeHits(hits));
});
