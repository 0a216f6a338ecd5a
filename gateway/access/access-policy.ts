import { and, eq, gt, isNull } from 'drizzle-orm';
import type { HubDatabase } from '../../schema/db/database.ts';
import { describeError } from '../../schema/db/describe-error.ts';
import { accessGrantsTable, accessPolicyVersionTable, agencySuspensionsTable } from '../../schema/tables/stewardship.ts';
import type { Caller, Scope } from '../auth/caller.ts';
import { gatewayError } from '../errors.ts';
import type { AccessScope } from './access-scope.ts';

/** A grant in force when the policy was loaded; its expiry is checked again on every request. */
export interface GrantInForce {
  scope: Scope;
  regions: readonly string[];
  expiresAt: Date;
}

/** Every steward decision a replica needs to answer requests, as of one policy version. */
export interface AccessPolicySnapshot {
  version: number;
  grantsByAgency: ReadonlyMap<string, readonly GrantInForce[]>;
  suspendedAgencies: ReadonlySet<string>;
}

/** Reads unrevoked, unexpired grants and suspensions in force, with the version they belong to (one snapshot). */
export async function loadAccessPolicy(db: HubDatabase): Promise<AccessPolicySnapshot> {
  return db.transaction(
    async (tx) => {
      const [row] = await tx.select({ version: accessPolicyVersionTable.version }).from(accessPolicyVersionTable).where(eq(accessPolicyVersionTable.id, 1));
      const grants = await tx
        .select({ agency: accessGrantsTable.agency, scope: accessGrantsTable.scope, regions: accessGrantsTable.regions, expiresAt: accessGrantsTable.expiresAt })
        .from(accessGrantsTable)
        .where(and(isNull(accessGrantsTable.revokedAt), gt(accessGrantsTable.expiresAt, new Date())));
      const suspensions = await tx.select({ agency: agencySuspensionsTable.agency }).from(agencySuspensionsTable).where(isNull(agencySuspensionsTable.restoredAt));
      const grantsByAgency = new Map<string, GrantInForce[]>();
      for (const grant of grants) {
        const list = grantsByAgency.get(grant.agency) ?? [];
        list.push({ scope: grant.scope as Scope, regions: grant.regions, expiresAt: grant.expiresAt });
        grantsByAgency.set(grant.agency, list);
      }
      return { version: row?.version ?? 0, grantsByAgency, suspendedAgencies: new Set(suspensions.map((s) => s.agency)) };
    },
    // One snapshot: the version read is the version of the rows read.
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

/**
 * Effective access (DESIGN.md, Access) = token scopes ∩ (home jurisdiction ∪
 * grants in force). A grant adds regions to a scope the token already
 * carries, never a scope; one past its expiry stops counting at once, whoever
 * loaded it. A suspended agency has no access at all.
 */
export function effectiveAccess(caller: Caller | null, policy: AccessPolicySnapshot, now: number): AccessScope {
  if (!caller) return { caller, suspended: false, has: () => false, regionsFor: () => [] };
  if (policy.suspendedAgencies.has(caller.agency)) return { caller, suspended: true, has: () => false, regionsFor: () => [] };
  const grants = (policy.grantsByAgency.get(caller.agency) ?? []).filter((grant) => grant.expiresAt.getTime() > now);
  return {
    caller,
    suspended: false,
    has: (scope) => caller.scopes.has(scope),
    regionsFor: (scope) => {
      if (!caller.scopes.has(scope)) return [];
      const granted = grants.filter((grant) => grant.scope === scope).flatMap((grant) => grant.regions);
      return granted.length === 0 ? [caller.region] : [...new Set([caller.region, ...granted])];
    },
  };
}

/** The logging surface the policy needs. */
export interface PolicyLog {
  warn(object: object, message?: string): void;
}

export interface AccessPolicyOptions {
  log: PolicyLog;
  /** How often the version is checked; a change applies on every replica within this plus one query. */
  pollMs?: number;
  /**
   * With no successful check for this long, requests with a token are refused
   * (SERVICE_UNAVAILABLE) rather than answered under a policy that may have
   * changed: a suspension must not be outrun by a replica that cannot see it.
   */
  staleAfterMs?: number;
  /** The clock, for tests. */
  now?: () => number;
}

export interface AccessPolicyCache {
  /** The caller's access under the newest policy this replica has seen; throws SERVICE_UNAVAILABLE when that is stale. */
  accessOf(caller: Caller | null): AccessScope;
  /** Checks the version now and reloads if it moved; rejects if the database cannot be asked. */
  refresh(): Promise<void>;
  /** After this replica's own change: applies it at once if it can, else leaves it to the next poll. Never rejects. */
  changed(): Promise<void>;
  stop(): void;
}

/**
 * Keeps this replica's policy current: it polls the one-row version table
 * (a trigger bumps it on every grant or suspension change) every `pollMs`
 * and reloads when it moves. A change made on any replica thus applies on
 * every replica within `pollMs` plus one query, including to tokens issued
 * before it: tokens carry scopes, never grants.
 */
export async function startAccessPolicyCache(db: HubDatabase, options: AccessPolicyOptions): Promise<AccessPolicyCache> {
  const { log, pollMs = 250, staleAfterMs = 5_000, now = Date.now } = options;
  let policy = await loadAccessPolicy(db);
  let confirmedAt = now();
  let failing = false;
  let running: Promise<void> | undefined;

  const check = async () => {
    const startedAt = now();
    const [row] = await db.select({ version: accessPolicyVersionTable.version }).from(accessPolicyVersionTable).where(eq(accessPolicyVersionTable.id, 1));
    if (row && row.version !== policy.version) policy = await loadAccessPolicy(db);
    confirmedAt = startedAt;
    if (failing) log.warn({}, 'access policy reachable again');
    failing = false;
  };
  const refresh = async (): Promise<void> => {
    // One check at a time; a caller arriving during one waits for it, then runs its own (its change may be newer).
    while (running) await running.catch(() => {});
    running = check().finally(() => (running = undefined));
    return running;
  };
  const timer = setInterval(() => {
    if (running) return;
    refresh().catch((error: unknown) => {
      if (!failing) log.warn({ err: describeError(error) }, 'cannot check the access policy version; keeping the last one loaded for now');
      failing = true;
    });
  }, pollMs);
  timer.unref();

  return {
    accessOf: (caller) => {
      const at = now();
      if (caller && at - confirmedAt > staleAfterMs) {
        throw gatewayError('SERVICE_UNAVAILABLE', 'access grants cannot be confirmed right now; try again shortly', { http: { status: 503 } });
      }
      return effectiveAccess(caller, policy, at);
    },
    refresh,
    changed: () => refresh().catch(() => {}),
    stop: () => clearInterval(timer),
  };
}
