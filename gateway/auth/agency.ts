import { isRegionCode } from '../../schema/identifiers/index.ts';
import { isDepartment } from '../../schema/vocabulary/categories.ts';
import type { Department } from '../../schema/vocabulary/categories.ts';

/** The `agency` claim taken apart: `police:510181` is the police of region 510181. */
export interface Agency {
  department: Department;
  region: string;
}

/** The format, for messages that tell an integrator what to send. */
export const AGENCY_FORMAT = '<department>:<6-digit region code>, e.g. police:510181';

/** Parses an `agency` value; `undefined` when the department is unknown or the region is not a 行政区划代码. */
export function parseAgency(value: string): Agency | undefined {
  const match = /^([a-z]+):([0-9]{6})$/.exec(value);
  if (!match) return undefined;
  const [, department = '', region = ''] = match;
  if (!isDepartment(department) || !isRegionCode(region)) return undefined;
  return { department, region };
}
