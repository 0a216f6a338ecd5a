import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { releaseOnFailedBegin } from './release-on-failed-begin.ts';

// A pool whose connection died while idle: BEGIN fails. drizzle must not keep the client checked out.
class FakePool {
  releases: unknown[] = [];
  statements: string[] = [];
  failBegin = true;
  async connect() {
    const pool = this;
    return {
      async query(config: { text: string }) {
        pool.statements.push(config.text);
        if (pool.failBegin && /^begin/i.test(config.text)) throw Object.assign(new Error('Connection terminated unexpectedly'), { code: undefined });
        return { rows: [], rowCount: 0, command: config.text, fields: [] };
      },
      release(error?: unknown) {
        pool.releases.push(error ?? null);
      },
    };
  }
}

test('a transaction whose BEGIN fails gives its client back to the pool, to be destroyed', async () => {
  const pool = new FakePool();
  releaseOnFailedBegin(pool as never);
  const db = drizzle(pool as never);
  await assert.rejects(db.transaction(async (tx) => tx.execute(sql`select 1`)));
  assert.equal(pool.releases.length, 1, 'released exactly once');
  assert.ok(pool.releases[0] instanceof Error, 'with the error, so the pool destroys the dead connection');
  assert.deepEqual(pool.statements, ['begin']);
});

test('without the guard drizzle keeps that client checked out for good (the bug it works around)', async () => {
  const pool = new FakePool();
  const db = drizzle(pool as never);
  await assert.rejects(db.transaction(async (tx) => tx.execute(sql`select 1`)));
  assert.equal(pool.releases.length, 0);
});

test('a transaction that begins is released once, without an error, as before', async () => {
  const pool = new FakePool();
  pool.failBegin = false;
  releaseOnFailedBegin(pool as never);
  const db = drizzle(pool as never);
  await db.transaction(async (tx) => tx.execute(sql`select 1`));
  await assert.rejects(db.transaction(async () => Promise.reject(new Error('refused by the caller'))));
  assert.deepEqual(pool.releases, [null, null]);
  assert.deepEqual(pool.statements, ['begin', 'select 1', 'commit', 'begin', 'rollback']);
});
