import { and, count, desc, eq, gte, like, lt, or, sql, type SQL } from 'drizzle-orm';
import type { HubDatabase } from '../../schema/db/database.ts';
import { auditLogTable, type AuditAction, type AuditLogRecord } from '../../schema/tables/audit.ts';
import { regionCondition } from '../access/region-condition.ts';
import { STEWARD_REGION_KEY } from '../audit/audit-draft.ts';

/** One audit entry as a steward reads it: everything but the chain's hashes. */
export type AuditEntryRecord = Omit<AuditLogRecord, 'prevHash' | 'hash'>;

export interface AuditLogFilter {
  agency?: string | null;
  actor?: string | null;
  /** The data subject's full ID number (checked by the caller). */
  idNumber?: string | null;
  /** The field path or its beginning, e.g. `PersonIdentity.idNumber`. */
  fieldPath?: string | null;
  purposeBasis?: string | null;
  action?: AuditAction | null;
  from?: Date | null;
  to?: Date | null;
}

export interface AuditLogPage {
  rows: AuditEntryRecord[];
  hasNextPage: boolean;
  countAll(): Promise<number>;
}

/**
 * Where an entry belongs: the region of its `agency` (`police:510181` →
 * 510181), and for a steward's own entries also the region of the steward's
 * token, kept in `detail` under STEWARD_REGION_KEY (a city steward's agency may name its
 * province). Actors outside the `department:region` form (the CLI) have no
 * region: only a national steward sees them.
 */
const agencyRegion = sql`substring(${auditLogTable.agency} from '^[a-z]+:([0-9]{6})$')`;
// A constant key, written as a literal: a bound parameter would leave `jsonb ->> unknown` ambiguous (text key or array index).
const stewardRegion = sql`(${auditLogTable.detail} ->> ${sql.raw(`'${STEWARD_REGION_KEY}'`)})`;

/** The SQL condition "this entry lies in the steward's jurisdiction". */
export function auditJurisdictionCondition(jurisdiction: string): SQL {
  return or(regionCondition(agencyRegion, [jurisdiction]), regionCondition(stewardRegion, [jurisdiction]))!;
}

const columns = {
  seq: auditLogTable.seq,
  recordedAt: auditLogTable.recordedAt,
  action: auditLogTable.action,
  actor: auditLogTable.actor,
  agency: auditLogTable.agency,
  operation: auditLogTable.operation,
  fieldPath: auditLogTable.fieldPath,
  recordId: auditLogTable.recordId,
  purposeBasis: auditLogTable.purposeBasis,
  purposeReference: auditLogTable.purposeReference,
  requestId: auditLogTable.requestId,
  subjectIdNumber: auditLogTable.subjectIdNumber,
  detail: auditLogTable.detail,
};

/**
 * A page of audit entries in `jurisdiction`, newest first by `seq` (chain
 * order), below `afterSeq`. The jurisdiction is part of the WHERE clause, so
 * the page, `hasNextPage` and the count never see other regions' entries.
 */
export async function findAuditEntries(db: HubDatabase, jurisdiction: string, filter: AuditLogFilter, first: number, afterSeq: number | null): Promise<AuditLogPage> {
  const conditions: Array<SQL | undefined> = [
    auditJurisdictionCondition(jurisdiction),
    filter.agency ? eq(auditLogTable.agency, filter.agency) : undefined,
    filter.actor ? eq(auditLogTable.actor, filter.actor) : undefined,
    filter.idNumber ? eq(auditLogTable.subjectIdNumber, filter.idNumber) : undefined,
    filter.fieldPath ? like(auditLogTable.fieldPath, `${escapeLike(filter.fieldPath)}%`) : undefined,
    filter.purposeBasis ? eq(auditLogTable.purposeBasis, filter.purposeBasis) : undefined,
    filter.action ? eq(auditLogTable.action, filter.action) : undefined,
    filter.from ? gte(auditLogTable.recordedAt, filter.from) : undefined,
    filter.to ? lt(auditLogTable.recordedAt, filter.to) : undefined,
  ];
  const rows = (await db
    .select(columns)
    .from(auditLogTable)
    .where(and(...conditions, afterSeq !== null ? lt(auditLogTable.seq, afterSeq) : undefined))
    .orderBy(desc(auditLogTable.seq))
    .limit(first + 1)) as AuditEntryRecord[];
  return {
    rows: rows.slice(0, first),
    hasNextPage: rows.length > first,
    countAll: async () => {
      const [result] = await db.select({ total: count() }).from(auditLogTable).where(and(...conditions));
      return result?.total ?? 0;
    },
  };
}

/** A LIKE pattern matching `text` literally (PostgreSQL's default escape character is the backslash). */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}
