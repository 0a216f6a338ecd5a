import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import * as tables from '../tables.ts';
import type { DatabaseHandle, HubDatabase } from './database.ts';
import { releaseOnFailedBegin } from './release-on-failed-begin.ts';

export const migrationsFolder = fileURLToPath(new URL('../migrations', import.meta.url));

export type DatabaseOptions = (
  | {
      driver: 'postgres';
      url: string;
      poolSize?: number;
      /** How long a query waits for a connection (a new one, or a free one from a full pool) before it fails; default 5 s. */
      connectTimeoutMs?: number;
      /** PostgreSQL's statement_timeout for every statement of this pool (migrations excepted); unset or 0: none. */
      statementTimeoutMs?: number;
    }
  /** `dataDir` unset: in memory (tests). */
  | { driver: 'pglite'; dataDir?: string }
) & {
  /** Called with each statement's SQL text (never its parameters); tests count round trips with it. */
  onQuery?: (sqlText: string) => void;
};

/** Opens the database and applies pending migrations, so a start against an older schema upgrades it. */
export async function openDatabase(options: DatabaseOptions, { migrate = true } = {}): Promise<DatabaseHandle> {
  if (options.driver === 'postgres') {
    const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 20, connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000, keepAlive: true, statement_timeout: options.statementTimeoutMs || undefined });
    // A server restart or failover cuts every connection. The query using one fails (and its caller says so);
    // the pool drops the dead connections and opens new ones for the next queries. Without these listeners
    // the 'error' events of an idle pooled connection, or of a checked-out one between queries, would be
    // unhandled and end the process.
    pool.on('error', () => {});
    pool.on('connect', (client) => client.on('error', () => {}));
    releaseOnFailedBegin(pool);
    const db = drizzlePg(pool, { schema: tables, logger: queryLogger(options.onQuery) });
    if (migrate) await migrateExclusively(pool);
    return { db: db as unknown as HubDatabase, driver: 'postgres', location: redactUrl(options.url), close: () => pool.end() };
  }
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const client = options.dataDir ? new PGlite(options.dataDir) : new PGlite();
  const db = drizzlePglite(client, { schema: tables, logger: queryLogger(options.onQuery) });
  if (migrate) await migratePglite(db, { migrationsFolder });
  return { db: db as unknown as HubDatabase, driver: 'pglite', location: options.dataDir ?? 'memory', close: () => client.close() };
}

function queryLogger(onQuery: ((sqlText: string) => void) | undefined) {
  return onQuery ? { logQuery: (query: string) => onQuery(query) } : false;
}

/** Any constant shared by every hub process; the value spells "hubmigr". */
const MIGRATION_LOCK = 0x6875626d696772;

/**
 * drizzle's migrator takes no lock, and every replica migrates on start: an
 * advisory lock lets the first apply the migrations while the others wait,
 * then find nothing left to do.
 */
async function migrateExclusively(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    // Waiting for another replica's migration, and migrating, may take longer than any statement timeout.
    await client.query('set statement_timeout = 0');
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await migratePg(drizzlePg(client), { migrationsFolder });
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await client.query('reset statement_timeout').catch(() => undefined);
    client.release();
  }
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = parsed.password ? '***' : '';
    return parsed.toString();
  } catch {
    return 'postgres';
  }
}
