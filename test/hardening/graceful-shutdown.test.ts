import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { count, eq, sql } from 'drizzle-orm';
import pg from 'pg';
import { createKafkaClient, measureLag } from '../../connectors/runtime/kafka.ts';
import { loadOrCreateDevKeys, type DevKeys } from '../../gateway/auth/dev-keys.ts';
import { mintToken } from '../../gateway/auth/mint-token.ts';
import { generateEvents, type GeneratedMessage } from '../../hub/demo/generate-events.ts';
import { startEmbeddedBroker, type EmbeddedBroker } from '../../hub/embedded-broker.ts';
import * as tables from '../../schema/tables.ts';
import { seedGatewayData } from '../support/gateway-seed.ts';
import { startHubProcess, type HubProcess } from '../support/hub-process.ts';
import { quietLog } from '../support/ingest-harness.ts';
import { kcatProducer } from '../support/kcat.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { waitFor } from '../support/wait-for.ts';

// Issue #6, graceful lifecycle: on SIGTERM the hub turns /readyz to 503 first, keeps serving for the
// drain, then refuses new connections, lets the requests in flight finish with their data, and exits 0
// within its bound (or exits 1 past it, naming what did not finish). The connectors stop fetching,
// finish their batches and commit exactly what they stored: events published meanwhile are stored
// once, after a restart at the latest.

const DRAIN_MS = 1_500;
const TIMEOUT_MS = 15_000;

describe('the gateway on SIGTERM', () => {
  let database: TestDatabase;
  let dataDir: string;
  let keys: DevKeys;

  before(async () => {
    database = await createTestDatabase();
    await seedGatewayData(database.db);
    dataDir = mkdtempSync(join(tmpdir(), 'hub-shutdown-'));
    keys = await loadOrCreateDevKeys(join(dataDir, 'dev-keys'));
  });
  after(async () => {
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const token = () => mintToken(keys, { agency: 'police:510181', scopes: ['clue:read'], issuer: 'supervision-hub-dev', audience: 'supervision-hub' });
  const CLUES = '{ clues(first: 5) { totalCount edges { node { clueId } } } }';

  async function ask(hub: HubProcess, query: string, bearer?: string) {
    const response = await fetch(hub.url!, { method: 'POST', headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) }, body: JSON.stringify({ query }) });
    return { status: response.status, body: (await response.json()) as { data?: Record<string, any> | null; errors?: unknown[] } };
  }

  /** Whether a new TCP connection to the gateway's port is refused. */
  const refusesConnections = (hub: HubProcess) =>
    new Promise<boolean>((resolve) => {
      const socket = connect(Number(new URL(hub.url!).port), '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(false);
      });
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
    });

  /** Holds an ACCESS EXCLUSIVE lock on the clues table, so a clues query waits until `release`. */
  async function lockClues() {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    await client.query('begin');
    await client.query('lock table clues in access exclusive mode');
    return {
      waiting: async () => (await client.query(`select 1 from pg_stat_activity where wait_event_type = 'Lock' and wait_event = 'relation' and datname = current_database()`)).rowCount! > 0,
      release: async () => {
        await client.query('commit');
        await client.end();
      },
    };
  }

  for (const role of ['gateway', 'all'] as const) {
    test(`role ${role}: /readyz turns 503 first, new connections are refused after the drain, the request in flight completes with its data, exit 0`, { timeout: 90_000 }, async (t) => {
      const hub = await startHubProcess({ HUB_ROLE: role, DATABASE_URL: database.url, HUB_DATA_DIR: dataDir, HUB_DEMO: '0', SHUTDOWN_DRAIN_MS: String(DRAIN_MS), SHUTDOWN_TIMEOUT_MS: String(TIMEOUT_MS) });
      // Ready first (role all: the database and the broker answer), so nothing of the start-up waits on the lock below.
      await waitFor('/readyz to answer 200', async () => (await fetch(hub.url!.replace('/graphql', '/readyz'))).status === 200, 30_000, 100);
      const lock = await lockClues();
      try {
        const bearer = await token();
        const slow = ask(hub, CLUES, bearer);
        let slowDone = false;
        void slow.then(() => (slowDone = true));
        await waitFor('the clues query to wait for the lock', lock.waiting, 10_000, 50);

        const signalledAt = Date.now();
        hub.child.kill('SIGTERM');
        const exited = hub.exited.then((result) => ({ ...result, afterMs: Date.now() - signalledAt }));
        await waitFor('/readyz to answer 503', async () => (await fetch(hub.url!.replace('/graphql', '/readyz'))).status === 503, DRAIN_MS, 20);
        const readyzOffMs = Date.now() - signalledAt;
        // Still serving during the drain: a load balancer that has not noticed yet loses nothing.
        const duringDrain = await ask(hub, '{ publicPenalties(region: "510181", first: 1) { totalCount } }');
        assert.equal(duringDrain.status, 200);
        assert.equal(duringDrain.body.data?.publicPenalties.totalCount, 2);
        const servedMs = Date.now() - signalledAt;
        assert.ok(servedMs < DRAIN_MS, `the check during the drain came in time (${servedMs} ms)`);

        await waitFor('new connections to be refused', () => refusesConnections(hub), DRAIN_MS + 5_000, 20);
        const refusedMs = Date.now() - signalledAt;
        assert.ok(refusedMs >= DRAIN_MS - 100, `new connections were taken for the drain (refused after ${refusedMs} ms)`);
        assert.equal(slowDone, false, 'the request in flight is still waiting');
        await sleep(300);
        assert.equal(hub.child.exitCode, null, 'the process waits for the request in flight');

        await lock.release();
        const answer = await slow;
        assert.equal(answer.status, 200);
        assert.equal(answer.body.errors, undefined);
        assert.equal(answer.body.data?.clues.totalCount, 3, 'the request in flight completes with its data');
        const { code, afterMs } = await exited;
        t.diagnostic(`readyz 503 after ${readyzOffMs} ms, connections refused after ${refusedMs} ms, exit ${code} after ${afterMs} ms`);
        assert.equal(code, 0, hub.stderr().slice(-3000));
        assert.ok(afterMs < TIMEOUT_MS, `exited within the bound (${afterMs} ms)`);
      } finally {
        hub.child.kill('SIGKILL');
        await lock.release().catch(() => {});
      }
    });
  }

  test('a request that outlasts SHUTDOWN_TIMEOUT_MS: exit 1, with a log line naming what did not finish', { timeout: 60_000 }, async () => {
    const hub = await startHubProcess({ HUB_ROLE: 'gateway', DATABASE_URL: database.url, HUB_DATA_DIR: dataDir, SHUTDOWN_DRAIN_MS: '0', SHUTDOWN_TIMEOUT_MS: '2000' });
    const lock = await lockClues();
    try {
      const stuck = ask(hub, CLUES, await token()).catch((error: unknown) => error);
      await waitFor('the clues query to wait for the lock', lock.waiting, 10_000, 50);
      const signalledAt = Date.now();
      hub.child.kill('SIGTERM');
      const { code } = await hub.exited;
      const afterMs = Date.now() - signalledAt;
      assert.equal(code, 1);
      assert.ok(afterMs >= 2_000 && afterMs < 6_000, `exited at the bound (${afterMs} ms)`);
      const line = hub.stderr().split('\n').find((l) => l.includes('"unfinished"'));
      assert.ok(line, hub.stderr().slice(-3000));
      assert.deepEqual(JSON.parse(line).unfinished, ['http requests in flight (1)']);
      await stuck;
    } finally {
      hub.child.kill('SIGKILL');
      await lock.release();
    }
  });
});

describe('the connectors on SIGTERM', () => {
  let broker: EmbeddedBroker;
  let database: TestDatabase;
  let dataDir: string;

  before(async () => {
    broker = await startEmbeddedBroker();
    database = await createTestDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'hub-shutdown-connectors-'));
  });
  after(async () => {
    await database?.drop();
    await broker?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const startConnectors = () =>
    startHubProcess({ HUB_ROLE: 'connectors', KAFKA_BROKERS: broker.bootstrap, DATABASE_URL: database.url, HUB_DATA_DIR: dataDir, HUB_DEMO: '0', LOG_LEVEL: 'info', SHUTDOWN_TIMEOUT_MS: String(TIMEOUT_MS) });

  /** Publishes `messages` with kcat, 100 per topic every 40 ms, as regional systems would keep doing while the hub restarts. */
  function publishSteadily(messages: GeneratedMessage[]) {
    const byTopic = new Map<string, GeneratedMessage[]>();
    for (const message of messages) {
      const list = byTopic.get(message.topic) ?? [];
      list.push(message);
      byTopic.set(message.topic, list);
    }
    let published = 0;
    const done = Promise.all(
      [...byTopic].map(async ([topic, list]) => {
        const producer = kcatProducer(broker.bootstrap, topic);
        for (let i = 0; i < list.length; i += 100) {
          await producer.write(list.slice(i, i + 100));
          published += Math.min(100, list.length - i);
          await sleep(40);
        }
        await producer.end();
      }),
    );
    // Awaited by the test; if the test fails first, the broker stops under kcat, which is no further news.
    done.catch(() => {});
    return { done, published: () => published };
  }

  test('batches in flight are finished and their offsets committed; what was published meanwhile is stored once after a restart', { timeout: 120_000 }, async (t) => {
    const messages = [...generateEvents({ facts: 8_000, badEvery: 0, seed: `graceful-${Date.now()}` })];
    const topics = [...new Set(messages.map((m) => m.topic))];
    const kafka = createKafkaClient({ brokers: [broker.bootstrap], clientId: 'graceful-shutdown-observer', log: quietLog });
    const ledger = async () => (await database.db.select({ n: count() }).from(tables.ingestedEventsTable))[0]!.n;

    const first = await startConnectors();
    const publishing = publishSteadily(messages);
    await waitFor('ingest under way', async () => (await ledger()) > 1_000, 30_000, 50);
    const signalledAt = Date.now();
    first.child.kill('SIGTERM');
    const { code } = await first.exited;
    const stopMs = Date.now() - signalledAt;
    assert.equal(code, 0, first.stderr().slice(-3000));
    assert.ok(stopMs < TIMEOUT_MS, `stopped within the bound (${stopMs} ms)`);
    const publishedAtStop = publishing.published();
    const storedAtStop = await ledger();
    t.diagnostic(`stopped in ${stopMs} ms with ${storedAtStop} events stored of ${publishedAtStop} published so far (${messages.length} in all)`);
    assert.ok(storedAtStop < messages.length, 'the stop came while events were still arriving');

    // Stored ⇔ committed: every partition's stored events are exactly the offsets below its committed offset.
    const admin = kafka.admin();
    await admin.connect();
    try {
      for (const topic of topics) {
        const [committed] = await admin.fetchOffsets({ groupId: `hub.connector.${topic.split('.')[0]}`, topics: [topic] });
        const ledgerTable = tables.ingestedEventsTable;
        const stored = await database.db
          .select({ partition: ledgerTable.partition, n: count(), next: sql<number>`(max(${ledgerTable.offset}) + 1)::int` })
          .from(ledgerTable)
          .where(eq(ledgerTable.topic, topic))
          .groupBy(ledgerTable.partition);
        const storedByPartition = new Map(stored.map((r) => [r.partition, r]));
        for (const { partition, offset } of committed!.partitions) {
          const at = Math.max(0, Number(offset));
          const row = storedByPartition.get(partition);
          assert.equal(row?.n ?? 0, at, `${topic}[${partition}]: events stored = committed offset`);
          assert.equal(row?.next ?? 0, at, `${topic}[${partition}]: nothing stored past the committed offset`);
        }
      }
    } finally {
      await admin.disconnect();
    }

    const restartAt = Date.now();
    const second = await startConnectors();
    const startedMs = Date.now() - restartAt;
    await publishing.done;
    await waitFor('every published event stored', async () => (await ledger()) === messages.length, 60_000, 200);
    const storedMs = Date.now() - restartAt;
    await waitFor('every group caught up', async () => (await measureLag(kafka, topics.map((topic) => ({ groupId: `hub.connector.${topic.split('.')[0]}`, topic })))).every((g) => g.lag === 0), 30_000, 200);
    t.diagnostic(`restarted in ${startedMs} ms, all stored ${storedMs} ms after the restart, caught up after ${Date.now() - restartAt} ms`);
    second.child.kill('SIGTERM');
    assert.equal((await second.exited).code, 0, second.stderr().slice(-3000));

    const rows = await database.db.select({ source: tables.ingestedEventsTable.source, eventId: tables.ingestedEventsTable.eventId }).from(tables.ingestedEventsTable);
    const published = messages.map((m) => JSON.parse(m.value) as { source: string; id: string }).map((e) => `${e.source} ${e.id}`).sort();
    assert.deepEqual(rows.map((r) => `${r.source} ${r.eventId}`).sort(), published, 'the events stored are exactly the events published, each once');
    assert.equal((await database.db.select({ n: count() }).from(tables.deadLettersTable))[0]!.n, 0);
  });
});
