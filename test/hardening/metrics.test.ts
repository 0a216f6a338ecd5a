import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { count, eq } from 'drizzle-orm';
import { loadOrCreateDevKeys, type DevKeys } from '../../gateway/auth/dev-keys.ts';
import { mintToken } from '../../gateway/auth/mint-token.ts';
import { startEmbeddedBroker, type EmbeddedBroker } from '../../hub/embedded-broker.ts';
import { generateEvents, type GeneratedMessage } from '../../hub/demo/generate-events.ts';
import { auditLogTable } from '../../schema/tables/audit.ts';
import { deadLettersTable } from '../../schema/tables/ingest.ts';
import { findPersonalData } from '../logs/personal-data-scan.ts';
import { kcatPublish } from '../support/kcat.ts';
import { captureChildLog, testLogDir } from '../support/test-log.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { waitFor } from '../support/wait-for.ts';

// /metrics of each role, end to end: a mixed stream (one event in 9 bad) published with kcat to the
// broker, consumed by a hub in role `connectors` (metrics on METRICS_PORT), read through a hub in role
// `gateway` (metrics on its own port) with a rejected token, an unmasked read and named operations.
// The counters must match what was published, what the database holds and what was asked — and the
// exposition must name no person.

interface HubProcess {
  child: ChildProcess;
  stderr: () => string;
  exited: Promise<number | null>;
}

let broker: EmbeddedBroker;
let database: TestDatabase;
let dataDir: string;
let keys: DevKeys;
const hubs: HubProcess[] = [];

function startHub(env: Record<string, string>, name: string): HubProcess {
  const cli = new URL('../../hub/cli.ts', import.meta.url).pathname;
  const child = spawn(process.execPath, ['--disable-warning=TimeoutNegativeWarning', cli, 'start'], {
    // Info level at least: the listening lines are how this test finds the ports.
    env: { ...process.env, DATABASE_URL: database.url, KAFKA_BROKERS: broker.bootstrap, HUB_DEMO: '0', HUB_DATA_DIR: dataDir, PORT: '0', METRICS_PORT: '0', LOG_LEVEL: testLogDir ? 'debug' : 'info', LOG_FORMAT: 'json', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  captureChildLog(child, name);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const hub = { child, stderr: () => stderr, exited: new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code))) };
  hubs.push(hub);
  return hub;
}

const logged = (hub: HubProcess, message: string, field: string) =>
  waitFor(`"${message}" in the hub's log`, async () => {
    for (const line of hub.stderr().split('\n')) {
      if (!line.startsWith('{')) continue;
      const entry = JSON.parse(line) as Record<string, unknown>;
      if (entry.msg === message && typeof entry[field] === 'string') return entry[field] as string;
    }
    return undefined;
  }, 60_000);

/** `name{labels} value` lines of a Prometheus text exposition. */
function samples(text: string): { name: string; labels: Record<string, string>; value: number }[] {
  const parsed: { name: string; labels: Record<string, string>; value: number }[] = [];
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) continue;
    const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1]!, m[2]!]));
    parsed.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return parsed;
}

const valueOf = (text: string, name: string, labels: Record<string, string> = {}) =>
  samples(text)
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);

before(async () => {
  broker = await startEmbeddedBroker();
  database = await createTestDatabase();
  dataDir = mkdtempSync(join(tmpdir(), 'hub-metrics-'));
  keys = await loadOrCreateDevKeys(join(dataDir, 'dev-keys'));
});

after(async () => {
  for (const hub of hubs) hub.child.kill('SIGTERM');
  for (const hub of hubs) assert.equal(await hub.exited, 0, hub.stderr().slice(-2000));
  await database?.drop();
  await broker?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test('/metrics of role connectors and role gateway count what was ingested, dead-lettered, asked, refused and audited, and name no person', { timeout: 150_000 }, async () => {
  const connectorsHub = startHub({ HUB_ROLE: 'connectors' }, 'hub-metrics-connectors');
  const ingestMetricsUrl = await logged(connectorsHub, 'metrics listening', 'url');

  const messages: GeneratedMessage[] = [...generateEvents({ facts: 1_200, badEvery: 9, seed: `metrics-${Date.now()}`, institutionsPerRegion: 6, inspectorsPerRegion: 2 })];
  const topics = [...new Set(messages.map((m) => m.topic))];
  for (const topic of topics) await kcatPublish(broker.bootstrap, topic, messages.filter((m) => m.topic === topic));
  const bad = messages.filter((m) => !m.valid).length;
  assert.ok(bad > 100, 'a mixed stream');

  const scrape = async (url: string) => {
    const response = await fetch(url);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    return response.text();
  };
  // Caught up: every published message counted once, as stored or dead-lettered, and no lag left.
  const ingestText = await waitFor('every message counted and no lag', async () => {
    const text = await scrape(ingestMetricsUrl);
    const counted = valueOf(text, 'hub_events_ingested_total') + valueOf(text, 'hub_events_dead_lettered_total');
    return counted === messages.length && valueOf(text, 'hub_consumer_lag') === 0 && samples(text).some((s) => s.name === 'hub_consumer_lag') && text;
  }, 90_000, 500);

  const deadLetterRows = await database.db.select({ topic: deadLettersTable.topic, code: deadLettersTable.errorCode, n: count() }).from(deadLettersTable).groupBy(deadLettersTable.topic, deadLettersTable.errorCode);
  assert.equal(deadLetterRows.reduce((sum, row) => sum + row.n, 0), bad);
  for (const topic of topics) {
    const published = messages.filter((m) => m.topic === topic).length;
    const deadLettered = valueOf(ingestText, 'hub_events_dead_lettered_total', { topic });
    assert.equal(valueOf(ingestText, 'hub_events_ingested_total', { topic }), published - deadLettered, `${topic}: ingested = published - dead-lettered`);
    assert.equal(deadLettered, messages.filter((m) => m.topic === topic && !m.valid).length, `${topic}: dead-lettered = the bad ones`);
    assert.equal(valueOf(ingestText, 'hub_consumer_lag', { topic, partition: '0' }), 0);
  }
  for (const row of deadLetterRows) assert.equal(valueOf(ingestText, 'hub_events_dead_lettered_total', { topic: row.topic, code: row.code }), row.n, `${row.topic} ${row.code}`);
  assert.ok(new Set(deadLetterRows.map((row) => row.code)).size >= 5, 'several codes');
  assert.equal(valueOf(ingestText, 'hub_events_duplicate_total'), 0);
  assert.ok(valueOf(ingestText, 'hub_batch_duration_seconds_count') > 0, 'batch latency observed');
  for (const name of ['process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds']) assert.ok(samples(ingestText).some((s) => s.name === name), `default metric ${name}`);

  // The gateway half: its own process, its own registry, /metrics on its GraphQL port, no token needed.
  const gatewayHub = startHub({ HUB_ROLE: 'gateway' }, 'hub-metrics-gateway');
  const graphqlUrl = await logged(gatewayHub, 'GraphQL gateway listening', 'url');
  const ask = async (query: string, options: { token?: string; variables?: Record<string, unknown>; operationName?: string } = {}) => {
    const response = await fetch(graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) },
      body: JSON.stringify({ query, variables: options.variables, operationName: options.operationName }),
    });
    return { status: response.status, body: (await response.json()) as { data?: any; errors?: Array<{ extensions?: { code?: string } }> } };
  };
  const token = (scopes: string[]) => mintToken(keys, { agency: 'police:510181', scopes: scopes as never, issuer: 'supervision-hub-dev', audience: 'supervision-hub' });
  const reader = await token(['clue:read', 'result:read', 'identity:read']);

  for (let i = 0; i < 3; i++) assert.equal((await ask('query RecentClues { clues(first: 5) { totalCount } }', { token: reader })).status, 200);
  const refused = await ask('query RecentClues { clues(first: 5) { totalCount } }', { token: 'not-a-jwt' });
  assert.equal(refused.status, 401);
  const expired = await mintToken(keys, { agency: 'police:510181', scopes: ['clue:read'], issuer: 'supervision-hub-dev', audience: 'supervision-hub', issuedAt: new Date(Date.now() - 3 * 3_600_000), expiresIn: '1h' });
  assert.equal((await ask('{ clues(first: 1) { totalCount } }', { token: expired })).status, 401);

  const offender = messages
    .filter((m) => m.valid && m.topic === 'police.events')
    .map((m) => JSON.parse(m.value) as { type: string; source: string; data: { idNumber?: string; name?: string } })
    .find((event) => event.type === 'police.offender.penalized' && event.source.startsWith('/police/510181/'))!;
  assert.ok(offender?.data.idNumber);
  const lookup = await ask('query PersonLookup($id: String!) { person(idNumber: $id, purpose: { basis: INSPECTION, reference: "JC-2026-001" }) { records { person { idNumber name } } } }', { token: reader, variables: { id: offender.data.idNumber } });
  assert.equal(lookup.body.errors, undefined);
  assert.equal(lookup.body.data.person.records[0].person.idNumber, offender.data.idNumber, 'an unmasked read');
  const unmaskedEntries = (await database.db.select({ n: count() }).from(auditLogTable).where(eq(auditLogTable.action, 'UNMASKED_READ')))[0]!.n;
  assert.ok(unmaskedEntries >= 2);
  const longName = `Q${'x'.repeat(80)}`;
  assert.equal((await ask(`query ${longName} { clues(first: 1) { totalCount } }`, { token: reader })).status, 200);

  const gatewayText = await scrape(graphqlUrl.replace(/\/graphql$/, '/metrics'));
  assert.equal(valueOf(gatewayText, 'hub_graphql_request_duration_seconds_count', { operation: 'RecentClues' }), 4, 'three answered and one refused');
  assert.equal(valueOf(gatewayText, 'hub_graphql_request_duration_seconds_count', { operation: 'PersonLookup' }), 1);
  assert.equal(valueOf(gatewayText, 'hub_graphql_request_duration_seconds_count', { operation: 'other' }), 1, 'a name past 64 characters is no label');
  assert.ok(valueOf(gatewayText, 'hub_graphql_request_duration_seconds_sum', { operation: 'PersonLookup' }) > 0);
  assert.equal(valueOf(gatewayText, 'hub_auth_failures_total', { reason: 'TOKEN_MALFORMED' }), 1);
  assert.equal(valueOf(gatewayText, 'hub_auth_failures_total', { reason: 'TOKEN_EXPIRED' }), 1);
  assert.equal(valueOf(gatewayText, 'hub_graphql_errors_total', { code: 'UNAUTHENTICATED' }), 2);
  assert.equal(valueOf(gatewayText, 'hub_audit_writes_total', { action: 'UNMASKED_READ', outcome: 'written' }), unmaskedEntries, 'one per audit entry in the database');
  assert.equal(valueOf(gatewayText, 'hub_audit_writes_total', { outcome: 'failed' }), 0);
  assert.ok(valueOf(gatewayText, 'hub_audit_append_duration_seconds_count') >= 1);
  assert.equal(valueOf(gatewayText, 'hub_events_ingested_total'), 0, 'role gateway ingests nothing');

  // No person in either exposition: not the one read unmasked, nor any other of the published events.
  const people = { idNumbers: new Set<string>(), names: new Set<string>(), photoRefs: new Set<string>() };
  for (const message of messages) {
    for (const [, id] of message.value.matchAll(/"idNumber":"([^"]+)"/g)) people.idNumbers.add(id!);
    for (const [, name] of message.value.matchAll(/"idNumber":"[^"]+","name":"([^"]+)"/g)) people.names.add(name!);
    for (const [, ref] of message.value.matchAll(/"photoRef":"([^"]+)"/g)) people.photoRefs.add(ref!);
  }
  assert.ok(people.idNumbers.size > 50 && people.names.size > 10 && people.photoRefs.size > 10);
  for (const text of [ingestText, gatewayText]) {
    const found = text.split('\n').flatMap((line) => findPersonalData(line, people));
    assert.deepEqual(found.map((hit) => `${hit.kind} ${hit.masked}`), []);
    assert.ok(!text.includes(offender.data.idNumber!) && !text.includes(offender.data.name!));
  }
});
