import type { DatabaseHandle } from '../schema/db/database.ts';
import { openDatabase } from '../schema/db/open-database.ts';
import type { HubConfig } from './config.ts';
import { lockPgliteDir } from './pglite-lock.ts';

/**
 * Opens the configured database (migrating it), holding the PGlite folder lock while open.
 * `statementTimeoutMs` (PostgreSQL only): the statement_timeout of every pooled connection.
 */
export async function openHubDatabase(config: HubConfig, { migrate = true, statementTimeoutMs = 0 } = {}): Promise<DatabaseHandle> {
  if (config.database.driver === 'postgres') return openDatabase({ driver: 'postgres', url: config.database.url, statementTimeoutMs }, { migrate });
  const unlock = lockPgliteDir(config.database.dataDir);
  try {
    const handle = await openDatabase({ driver: 'pglite', dataDir: config.database.dataDir }, { migrate });
    return { ...handle, close: async () => { await handle.close(); unlock(); } };
  } catch (error) {
    unlock();
    throw error;
  }
}
