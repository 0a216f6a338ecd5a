import type { AccessScope } from './access-scope.ts';

/** Why a caller reads a person's unmasked data (DESIGN.md, Access): structured, never free text alone. */
export const PURPOSE_BASES = ['CASE_INVESTIGATION', 'INSPECTION', 'JOINT_ENFORCEMENT', 'CREDIT_REVIEW', 'LICENSING_REVIEW'] as const;
export type PurposeBasis = (typeof PURPOSE_BASES)[number];

export interface Purpose {
  basis: PurposeBasis;
  /** The case or document number, 1–64 characters. */
  reference: string;
}

/** Whether a person's ID number and name may be shown unmasked: `identity:read` and a stated purpose. */
export function mayUnmask(access: AccessScope, purpose: Purpose | null): purpose is Purpose {
  return purpose !== null && access.has('identity:read');
}
