import { sql } from 'drizzle-orm';
import { codeMappingsTable, type CodeMappingRow } from '../../schema/tables/stewardship.ts';
import type { Department, SharedCategory } from '../../schema/vocabulary/categories.ts';
import { departmentCodeMap } from '../../schema/vocabulary/department-codes.ts';
import { reclassifyRecords } from '../../schema/stewardship/reclassify-records.ts';
import { findStewardMappings, lockCodeExclusive } from '../../schema/stewardship/steward-mappings.ts';
import type { GatewayContext } from '../context.ts';
import { badUserInput } from '../errors.ts';
import { assertNationalSteward } from './jurisdiction.ts';
import { stewardChange } from './steward-change.ts';

export interface MapCodeRequest {
  department: Department;
  code: string;
  category: SharedCategory;
  label: string;
}

/** The request checked: BAD_USER_INPUT naming `input.<field>`. */
export function checkedMapCodeRequest(input: MapCodeRequest): MapCodeRequest {
  // The same rule as the connectors' contract: a code that could never arrive is a typo.
  if (!/^\S{1,64}$/.test(input.code)) throw badUserInput('input.code', 'must be the department code as it arrives: 1–64 characters without spaces');
  if (departmentCodeMap[input.department][input.code]) {
    throw badUserInput('input.code', `${input.department} ${input.code} is in the built-in vocabulary (${departmentCodeMap[input.department][input.code]!.category}); only codes it lacks are mapped by stewards`);
  }
  if (input.category === 'OTHER') throw badUserInput('input.category', 'map the code onto a category other than OTHER; unmapped codes are OTHER already');
  const label = input.label.trim();
  if (!/^[^\p{Cc}]{1,200}$/u.test(label)) throw badUserInput('input.label', "the department's own wording of the code, 1–200 characters, no control characters");
  return { ...input, label };
}

/**
 * Maps a department code onto a shared category (监管标准互通): stores
 * version n+1 of its mapping, re-classifies every stored record carrying it
 * (OTHER, or the previous mapping's category) and writes the STEWARD_CHANGE
 * audit entry, all in one transaction. Only a national steward (region
 * `000000`) may: the vocabulary is national, one meaning for a code in every
 * region, so a mapping re-classifies records of every region, which no
 * provincial steward's jurisdiction covers (FORBIDDEN for them).
 */
export async function mapCode(context: GatewayContext, input: MapCodeRequest): Promise<CodeMappingRow> {
  // Who may, before what was sent: any other steward gets FORBIDDEN, whatever its input.
  assertNationalSteward(context, 'mapping a code (the national vocabulary; it re-classifies records in every region)');
  const caller = context.access.caller!;
  const { department, code, category, label } = checkedMapCodeRequest(input);
  return stewardChange(context, async (tx) => {
    // First statement of the transaction: every statement after the lock must see what the batches it waited for committed.
    await tx.execute(sql`set transaction isolation level read committed`);
    // Waits for every ingest batch holding rows of this code; later batches wait for this commit (steward-mappings.ts).
    await lockCodeExclusive(tx, { department, code });
    const previous = (await findStewardMappings(tx, [{ department, code }])).values().next().value;
    const version = (previous?.version ?? 0) + 1;
    const previousCategory: SharedCategory = previous?.category ?? 'OTHER';
    const reclassified = await reclassifyRecords(tx, { department, code, category });
    const [row] = await tx
      .insert(codeMappingsTable)
      .values({
        department,
        code,
        version,
        category,
        label,
        mappedBy: caller.subject,
        mappedByAgency: caller.agency,
        reclassified: reclassified.total,
        detail: { previousCategory, reclassifiedByTable: reclassified.byTable },
      })
      .returning();
    return {
      value: row!,
      audit: {
        fieldPath: 'mapCode',
        recordId: `code_mappings:${department}:${code}:${version}`,
        detail: { department, code, version, category, previousCategory, reclassified: reclassified.total },
      },
    };
  });
}
