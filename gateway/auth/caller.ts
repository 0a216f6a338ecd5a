import type { Department } from '../../schema/vocabulary/categories.ts';

/** Scopes DESIGN.md defines. A token's scopes are a ceiling; grants never add a scope. */
export const SCOPES = [
  'clue:read',
  'clue:write',
  'result:read',
  'credit:read',
  'identity:read',
  'identity:photo',
  'inspection:draw',
  'steward',
] as const;
export type Scope = (typeof SCOPES)[number];

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

/** Who is asking, as a verified token says. */
export interface Caller {
  /** `sub`: the person acting, e.g. `officer-0042`. */
  subject: string;
  /** `agency`: department and home region, e.g. `police:510181`. */
  agency: string;
  department: Department;
  /** `region`: home jurisdiction; a province or city code covers everything under it. */
  region: string;
  /** Known scopes from the space-separated `scope` claim; unknown ones are dropped. */
  scopes: ReadonlySet<Scope>;
  /** The token's `exp`: nothing about this caller may be trusted after it. */
  expiresAt: Date;
}
