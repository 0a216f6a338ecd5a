import { and, desc, eq, isNull } from 'drizzle-orm';
import { regionCovers } from '../../schema/identifiers/index.ts';
import { agencySuspensionsTable, type AgencySuspensionRow } from '../../schema/tables/stewardship.ts';
import { AGENCY_FORMAT, parseAgency } from '../auth/agency.ts';
import type { GatewayContext } from '../context.ts';
import { badUserInput, gatewayError } from '../errors.ts';
import { assertStewardCovers, stewardJurisdiction } from './jurisdiction.ts';
import { checkedStatedText } from './stated-text.ts';
import { stewardChange } from './steward-change.ts';

function checkedAgency(context: GatewayContext, value: string): string {
  const agency = parseAgency(value);
  if (!agency) throw badUserInput('agency', `must be ${AGENCY_FORMAT}`);
  assertStewardCovers(context, [agency.region], `agency ${value}`);
  return value;
}

/**
 * Suspends an agency at once (DESIGN.md, Access): from the next request on,
 * on every replica within a second, its tokens get FORBIDDEN on everything,
 * with no wait for them to expire.
 */
export async function suspendAgency(context: GatewayContext, agencyArgument: string, reasonArgument: string): Promise<AgencySuspensionRow> {
  const agency = checkedAgency(context, agencyArgument);
  const reason = checkedStatedText(reasonArgument, 'reason', 'state the reason');
  const caller = context.access.caller!;
  const suspension = await stewardChange(context, async (tx) => {
    // The partial unique index allows one suspension in force: a second, even a concurrent one, inserts nothing.
    const [row] = await tx
      .insert(agencySuspensionsTable)
      .values({ agency, reason, suspendedBy: caller.subject })
      .onConflictDoNothing({ target: agencySuspensionsTable.agency, where: isNull(agencySuspensionsTable.restoredAt) })
      .returning();
    if (!row) throw badUserInput('agency', `${agency} is already suspended`);
    return { value: row!, audit: { fieldPath: 'suspendAgency', recordId: `agency_suspensions:${row!.id}`, detail: { agency, reason } } };
  });
  await context.stewardship.accessChanged();
  return suspension;
}

/** Lifts an agency's suspension; its tokens work again, within their scopes and grants. */
export async function restoreAgency(context: GatewayContext, agencyArgument: string): Promise<AgencySuspensionRow> {
  const agency = checkedAgency(context, agencyArgument);
  const caller = context.access.caller!;
  const restored = await stewardChange(context, async (tx) => {
    const [row] = await tx
      .update(agencySuspensionsTable)
      .set({ restoredAt: new Date(), restoredBy: caller.subject })
      .where(and(eq(agencySuspensionsTable.agency, agency), isNull(agencySuspensionsTable.restoredAt)))
      .returning();
    if (!row) throw gatewayError('NOT_FOUND', `${agency} is not suspended`, { argument: 'agency' });
    return { value: row, audit: { fieldPath: 'restoreAgency', recordId: `agency_suspensions:${row.id}`, detail: { agency } } };
  });
  await context.stewardship.accessChanged();
  return restored;
}

/** Suspensions of agencies in the steward's jurisdiction, newest first. */
export async function listSuspensions(context: GatewayContext, options: { agency: string | null; includeRestored: boolean }): Promise<AgencySuspensionRow[]> {
  const jurisdiction = stewardJurisdiction(context);
  const conditions = [options.agency ? eq(agencySuspensionsTable.agency, options.agency) : undefined, options.includeRestored ? undefined : isNull(agencySuspensionsTable.restoredAt)];
  const rows = await context.db.select().from(agencySuspensionsTable).where(and(...conditions)).orderBy(desc(agencySuspensionsTable.suspendedAt), desc(agencySuspensionsTable.id));
  return rows.filter((row) => {
    const region = parseAgency(row.agency)?.region;
    return region !== undefined && regionCovers(jurisdiction, region);
  });
}
