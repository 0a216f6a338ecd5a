import type { Caller, Scope } from '../auth/caller.ts';

/**
 * What one caller may read: for each scope, the regions it reaches.
 * Effective access = token scopes ∩ jurisdictions. Every agency reads its
 * home jurisdiction for the scopes in its token; steward grants (which add
 * regions to a scope the token already carries) come from access-policy.ts.
 */
export interface AccessScope {
  readonly caller: Caller | null;
  /** A steward suspended the caller's agency: every request is refused with FORBIDDEN. */
  readonly suspended: boolean;
  has(scope: Scope): boolean;
  /** Region codes (a province or city code covers everything under it); empty: nothing. */
  regionsFor(scope: Scope): readonly string[];
}

/** Access with no grants: the token's scopes, over the caller's home region only. */
export function homeJurisdictionAccess(caller: Caller | null): AccessScope {
  return {
    caller,
    suspended: false,
    has: (scope) => caller?.scopes.has(scope) ?? false,
    regionsFor: (scope) => (caller?.scopes.has(scope) ? [caller.region] : []),
  };
}
