import { z } from 'zod';
import { isRegionCode } from '../../schema/identifiers/index.ts';
import { departments } from '../../schema/vocabulary/categories.ts';

/** Value lists shared by several departments' contracts. */
export const institutionKind = z.enum(['HOSPITAL', 'HEALTH_CENTER', 'CLINIC', 'OUTPATIENT', 'MEDICAL_BEAUTY', 'PHARMACY', 'MATERNAL_CHILD', 'DISEASE_CONTROL', 'NURSING', 'OTHER']);
export const clueChannel = z.enum(['COMPLAINT', 'INSPECTION', 'REFERRAL', 'HOTLINE', 'MONITORING', 'OTHER']);
export const penaltyKind = z.enum(['WARNING', 'FINE', 'CONFISCATION', 'SUSPENSION', 'LICENSE_REVOKED', 'OTHER']);
export const departmentField = z.enum(departments);
/** An agency is a department and its home region, e.g. `police:510181`. */
export const agencyField = z
  .string()
  .regex(/^(health|police|market|insurance|tax):\d{6}$/, 'must be <department>:<6-digit region>')
  .refine((agency) => isRegionCode(agency.slice(agency.indexOf(':') + 1)), { message: 'agency region is not an administrative division code' });
