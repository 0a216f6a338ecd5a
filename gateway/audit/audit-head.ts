import { desc } from 'drizzle-orm';
import type { HubDatabase } from '../../schema/db/database.ts';
import { auditLogTable } from '../../schema/tables/audit.ts';
import type { ChainLink } from './hash-chain.ts';

/** The newest entry of the audit chain (its head), or null while the log is empty. */
export async function readAuditHead(db: HubDatabase): Promise<ChainLink | null> {
  const [head] = await db.select({ seq: auditLogTable.seq, hash: auditLogTable.hash }).from(auditLogTable).orderBy(desc(auditLogTable.seq)).limit(1);
  return head ?? null;
}
