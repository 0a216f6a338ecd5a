import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import type { HubDatabase } from '../../schema/db/database.ts';
import { mappingsInForce } from '../../schema/stewardship/steward-mappings.ts';
import type { CodeMappingRow } from '../../schema/tables/stewardship.ts';
import { unmappedCodesTable } from '../../schema/tables/ingest.ts';

/** A code ingest found without a mapping, with the steward mapping it has been given since, if any. */
export interface UnmappedCodeRecord {
  department: string;
  code: string;
  occurrences: number;
  firstSeenAt: Date;
  lastSeenAt: Date;
  mapping: CodeMappingRow | null;
}

/**
 * The codes ingest stored as OTHER, most occurrences first. A code a steward
 * has mapped since is left out unless `includeMapped`; its count stays as it
 * was when the mapping was made, since mapped arrivals are no longer counted.
 * National, so any steward may read it: codes are vocabulary, not rows of
 * any region (mapping one needs a national steward: map-code.ts).
 */
export async function listUnmappedCodes(db: HubDatabase, { includeMapped }: { includeMapped: boolean }): Promise<UnmappedCodeRecord[]> {
  const inForce = mappingsInForce();
  const rows = await db
    .select({
      unmapped: unmappedCodesTable,
      mapping: {
        department: inForce.department,
        code: inForce.code,
        version: inForce.version,
        category: inForce.category,
        label: inForce.label,
        mappedBy: inForce.mappedBy,
        mappedByAgency: inForce.mappedByAgency,
        mappedAt: inForce.mappedAt,
        reclassified: inForce.reclassified,
        detail: inForce.detail,
      },
    })
    .from(unmappedCodesTable)
    .leftJoin(inForce, and(eq(inForce.department, unmappedCodesTable.department), eq(inForce.code, unmappedCodesTable.code)))
    .where(includeMapped ? undefined : isNull(inForce.version))
    .orderBy(desc(unmappedCodesTable.occurrences), asc(unmappedCodesTable.department), asc(unmappedCodesTable.code));
  return rows.map(({ unmapped, mapping }) => ({ ...unmapped, mapping }));
}
