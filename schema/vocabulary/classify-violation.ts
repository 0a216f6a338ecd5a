import type { Department, SharedCategory } from './categories.ts';
import { departmentCodeMap } from './department-codes.ts';

export interface Classification {
  category: SharedCategory;
  /** false when the code has no mapping yet: stored as OTHER and counted, never dropped. */
  mapped: boolean;
}

/** Maps a department's own violation code onto the shared vocabulary. */
export function classifyViolation(department: Department, code: string): Classification {
  const entry = departmentCodeMap[department][code];
  return entry ? { category: entry.category, mapped: true } : { category: 'OTHER', mapped: false };
}
