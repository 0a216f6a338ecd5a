import { and, desc, eq, isNull } from 'drizzle-orm';
import { isRegionCode, regionCovers } from '../../schema/identifiers/index.ts';
import { accessGrantsTable, type AccessGrantRow } from '../../schema/tables/stewardship.ts';
import { parseAgency, AGENCY_FORMAT } from '../auth/agency.ts';
import type { Scope } from '../auth/caller.ts';
import type { GatewayContext } from '../context.ts';
import { badUserInput, gatewayError } from '../errors.ts';
import { assertStewardCovers, stewardJurisdiction } from './jurisdiction.ts';
import { checkedStatedText } from './stated-text.ts';
import { stewardChange } from './steward-change.ts';

/** Scopes a grant may widen: every scope but `steward` (stewards are appointed by token, not by grant). */
export const GRANTABLE_SCOPES = ['clue:read', 'clue:write', 'result:read', 'credit:read', 'identity:read', 'identity:photo', 'inspection:draw'] as const satisfies readonly Scope[];
export type GrantableScope = (typeof GRANTABLE_SCOPES)[number];

export type GrantState = 'ACTIVE' | 'EXPIRED' | 'REVOKED';

export function grantState(grant: AccessGrantRow, now = Date.now()): GrantState {
  if (grant.revokedAt) return 'REVOKED';
  return grant.expiresAt.getTime() <= now ? 'EXPIRED' : 'ACTIVE';
}

export interface GrantRequest {
  agency: string;
  scope: GrantableScope;
  regions: readonly string[];
  basis: string;
  expiresAt: Date;
}

const MAX_REGIONS = 50;
const MAX_GRANT_DAYS = 5 * 366;

/** The request checked: BAD_USER_INPUT naming `input.<field>`, FORBIDDEN outside the steward's jurisdiction. */
export function checkedGrantRequest(context: GatewayContext, input: GrantRequest, now = Date.now()): GrantRequest {
  const agency = parseAgency(input.agency);
  if (!agency) throw badUserInput('input.agency', `must be ${AGENCY_FORMAT}`);
  const regions = [...new Set(input.regions)];
  if (regions.length === 0 || regions.length > MAX_REGIONS) throw badUserInput('input.regions', `list 1–${MAX_REGIONS} region codes`);
  const bad = regions.find((region) => !isRegionCode(region));
  if (bad !== undefined) throw badUserInput('input.regions', `${JSON.stringify(bad)} is not an administrative division code (6 digits, e.g. 310000)`);
  const basis = checkedStatedText(input.basis, 'input.basis', 'state the basis (e.g. the cooperation agreement and its number)');
  const expiresIn = input.expiresAt.getTime() - now;
  if (expiresIn <= 0) throw badUserInput('input.expiresAt', 'must be in the future');
  if (expiresIn > MAX_GRANT_DAYS * 86_400_000) throw badUserInput('input.expiresAt', 'a grant lasts at most 5 years; renew it then');
  // The agency's home region and every granted region: a cross-province grant needs a steward covering both.
  assertStewardCovers(context, [agency.region, ...regions], 'this grant');
  return { agency: input.agency, scope: input.scope, regions, basis, expiresAt: input.expiresAt };
}

/** Records a grant and its audit entry in one transaction; applies on every replica within a second. */
export async function grantAccess(context: GatewayContext, request: GrantRequest): Promise<AccessGrantRow> {
  const caller = context.access.caller!;
  const grant = await stewardChange(context, async (tx) => {
    const [row] = await tx
      .insert(accessGrantsTable)
      .values({ ...request, regions: [...request.regions], grantedBy: caller.subject, grantedByAgency: caller.agency })
      .returning();
    return { value: row!, audit: { fieldPath: 'grantAccess', recordId: `access_grants:${row!.id}`, detail: { agency: row!.agency, scope: row!.scope, regions: row!.regions, basis: row!.basis, expiresAt: row!.expiresAt.toISOString() } } };
  });
  await context.stewardship.accessChanged();
  return grant;
}

/** Revokes a grant in force; a steward covering the agency's home region or every granted region may. */
export async function revokeAccess(context: GatewayContext, id: number): Promise<AccessGrantRow> {
  const caller = context.access.caller!;
  const revoked = await stewardChange(context, async (tx) => {
    const [grant] = await tx.select().from(accessGrantsTable).where(eq(accessGrantsTable.id, id)).for('update');
    if (!grant || !visibleTo(stewardJurisdiction(context), grant)) throw gatewayError('NOT_FOUND', `no grant ${id} in this steward's jurisdiction`, { argument: 'id' });
    if (grant.revokedAt) throw badUserInput('id', `grant ${id} was already revoked`);
    const [row] = await tx
      .update(accessGrantsTable)
      .set({ revokedAt: new Date(), revokedBy: caller.subject })
      .where(and(eq(accessGrantsTable.id, id), isNull(accessGrantsTable.revokedAt)))
      .returning();
    return { value: row!, audit: { fieldPath: 'revokeAccess', recordId: `access_grants:${id}`, detail: { agency: grant.agency, scope: grant.scope, regions: grant.regions } } };
  });
  await context.stewardship.accessChanged();
  return revoked;
}

/** Grants a steward may see: the agency's home region or a granted region lies in its jurisdiction. Newest first. */
export async function listGrants(context: GatewayContext, options: { agency: string | null; includeInactive: boolean }): Promise<AccessGrantRow[]> {
  const jurisdiction = stewardJurisdiction(context);
  const conditions = [options.agency ? eq(accessGrantsTable.agency, options.agency) : undefined, options.includeInactive ? undefined : isNull(accessGrantsTable.revokedAt)];
  const rows = await context.db
    .select()
    .from(accessGrantsTable)
    .where(and(...conditions))
    .orderBy(desc(accessGrantsTable.grantedAt), desc(accessGrantsTable.id));
  // Grants are few (steward decisions), so the jurisdiction test runs here rather than as SQL over `agency` text.
  return rows.filter((grant) => visibleTo(jurisdiction, grant) && (options.includeInactive || grantState(grant) === 'ACTIVE'));
}

function visibleTo(jurisdiction: string, grant: AccessGrantRow): boolean {
  const home = parseAgency(grant.agency)?.region;
  return (home !== undefined && regionCovers(jurisdiction, home)) || grant.regions.every((region) => regionCovers(jurisdiction, region));
}
