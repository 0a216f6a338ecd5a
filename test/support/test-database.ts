import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import type { DatabaseHandle } from '../../schema/db/database.ts';
import { openDatabase } from '../../schema/db/open-database.ts';

/** The PostgreSQL server tests create their databases on (trust auth, see .ci/run). */
export const testServerUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase extends DatabaseHandle {
  name: string;
  url: string;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

/** A fresh PostgreSQL database of its own for one test file, migrated unless told otherwise. */
export async function createTestDatabase({ migrate = true } = {}): Promise<TestDatabase> {
  const name = `hub_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: testServerUrl });
  await admin.connect();
  try {
    // UTF-8 whatever the server's default: a cluster made without a locale would be SQL_ASCII.
    await admin.query(`CREATE DATABASE ${name} ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0`);
  } finally {
    await admin.end();
  }
  const url = new URL(testServerUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ driver: 'postgres', url: url.toString(), poolSize: 5 }, { migrate });
  return {
    ...handle,
    name,
    url: url.toString(),
    async drop() {
      await handle.close();
      const client = new pg.Client({ connectionString: testServerUrl });
      await client.connect();
      try {
        // A GraphQL response may leave sibling resolvers' queries running after it is sent (graphql-js stops
        // waiting once an error nulls their parent): let them finish rather than kill them mid-test.
        for (let attempt = 0; ; attempt++) {
          try {
            await client.query(`DROP DATABASE IF EXISTS ${name}${attempt >= 50 ? ' WITH (FORCE)' : ''}`);
            break;
          } catch (error) {
            if ((error as { code?: string }).code !== '55006' || attempt >= 50) throw error;
            await sleep(100);
          }
        }
      } finally {
        await client.end();
      }
    },
  };
}
