import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * PGlite is one process's database: two processes opening the same folder
 * would corrupt it. A pid file keeps a second hub (or `hub stats`) out while
 * one runs.
 */
export function lockPgliteDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lockFile = join(dataDir, 'hub.pid');
  let holder: number | null = null;
  try {
    holder = Number(readFileSync(lockFile, 'utf8').trim()) || null;
  } catch {
    holder = null;
  }
  if (holder !== null && holder !== process.pid && isAlive(holder)) {
    throw new Error(`the embedded database in ${dataDir} is open in another hub process (pid ${holder}); stop it first, or set DATABASE_URL to use PostgreSQL`);
  }
  writeFileSync(lockFile, String(process.pid));
  return () => rmSync(lockFile, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
