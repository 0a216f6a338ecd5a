import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type * as tables from '../tables.ts';

/** The drizzle database every layer takes: the same type on PostgreSQL (`pg`) and on PGlite. */
export type HubDatabase = PgDatabase<PgQueryResultHKT, typeof tables>;

export interface DatabaseHandle {
  db: HubDatabase;
  driver: 'postgres' | 'pglite';
  /** Where it lives, without credentials, for log lines. */
  location: string;
  close(): Promise<void>;
}
