import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { sql } from 'drizzle-orm';
import { migrationsFolder, openDatabase } from '../../schema/db/open-database.ts';
import { createTestDatabase } from '../support/test-database.ts';

// Every replica migrates on start; on a new database they must not collide.
test('replicas starting together on an empty database migrate it once, and all start', async () => {
  const empty = await createTestDatabase({ migrate: false });
  try {
    const replicas = await Promise.all([1, 2, 3, 4].map(() => openDatabase({ driver: 'postgres', url: empty.url, poolSize: 2 })));
    const applied = await empty.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
    const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as { entries: unknown[] };
    assert.equal((applied as unknown as { rows: { n: number }[] }).rows[0]!.n, journal.entries.length);
    await Promise.all(replicas.map((replica) => replica.close()));
  } finally {
    await empty.drop();
  }
});
