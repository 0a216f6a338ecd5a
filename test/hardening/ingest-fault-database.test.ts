import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startEmbeddedBroker } from '../../hub/embedded-broker.ts';
import { openDatabase } from '../../schema/db/open-database.ts';
import { assertExactlyOnce } from '../support/exactly-once.ts';
import { caughtUp, faultStream, ledgerCount } from '../support/fault-stream.ts';
import { startPrivatePostgres } from '../support/private-postgres.ts';
import { spawnIngestProcess } from '../support/spawn-ingest-process.ts';
import { streamPublisher } from '../support/stream-publisher.ts';
import { waitFor } from '../support/wait-for.ts';
import { cleanupAfterAll } from '../support/cleanup.ts';

// Issue #6, faults survived: the database restarted during ingest (a private
// PostgreSQL server stopped and started twice mid-stream, never the shared one).
// The connectors wait it out with no manual step; afterwards every accepted
// event is stored exactly once and the dead letters are exactly the bad events.

const cleanup = cleanupAfterAll();

test('the database restarted during ingest: the connectors wait it out and catch up, exactly once', async () => {
  const broker = await startEmbeddedBroker();
  cleanup(() => broker.stop());
  const server = await startPrivatePostgres();
  cleanup(() => server.destroy());
  const observer = await openDatabase({ driver: 'postgres', url: server.url, poolSize: 2 });
  cleanup(() => observer.close());

  const connector = spawnIngestProcess({ bootstrap: broker.bootstrap, databaseUrl: server.url });
  cleanup(() => connector.kill());
  await connector.ready();

  const published = faultStream('fault-database', 3_000);
  const publisher = streamPublisher(broker.bootstrap);
  const third = Math.floor(published.length / 3);
  await publisher.publish(published.slice(0, third));
  await waitFor('ingest under way', async () => (await ledgerCount(observer.db)) > 200, 30_000);

  // Two restarts, each mid-stream: the first while batches are in flight, the second after the pool
  // reconnected (a connection drizzle kept checked out after a failed BEGIN would hang the final stop).
  await server.stop();
  await publisher.publish(published.slice(third, 2 * third));
  await sleep(3_000);
  await server.start();
  await sleep(1_500);
  await server.stop();
  await sleep(2_000);
  await server.start();
  await publisher.publish(published.slice(2 * third));
  await publisher.end();

  await caughtUp(broker.bootstrap, observer.db, published, 60_000);
  assert.equal(connector.child.exitCode, null, 'the connector process never died');
  await assertExactlyOnce(observer.db, published);
  // Heartbeats go on while a batch waits for the database, so the groups kept their members and no
  // batch was handed out twice; and a stop after the restarts finishes (no pooled connection left stuck).
  const counters = await connector.stop();
  assert.equal(counters.duplicates, 0, 'no batch was delivered twice');
  assert.equal(counters.deadLettered, published.filter((m) => !m.valid).length);
});
