import { z } from 'zod';
import { amountField, dateTimeField, nonEmptyText, regionField, subjectRefField, usccField, violationCodeField } from '../contract/fields.ts';
import { agencyField, institutionKind, penaltyKind } from '../contract/enums.ts';

/** `health.institution.registered` and `.changed`: the full directory entry (a change carries the whole new state). */
export const institutionSnapshot = z.object({
  uscc: usccField(),
  name: nonEmptyText(200),
  kind: institutionKind,
  ownership: z.enum(['PUBLIC', 'PRIVATE', 'MIXED']),
  licenseNo: nonEmptyText(64),
  region: regionField(),
  address: nonEmptyText(500),
});

/** `health.institution.revoked`: the practice licence is withdrawn. */
export const institutionRevoked = z.object({
  uscc: usccField(),
  reason: nonEmptyText(),
  revokedAt: dateTimeField(),
});

/** `health.inspector.registered` (执法人员名录库). */
export const inspectorRegistered = z.object({
  inspectorId: nonEmptyText(64),
  name: nonEmptyText(64),
  agency: agencyField,
  region: regionField(),
  certificateNo: nonEmptyText(64),
  avoidInstitutions: z.array(usccField()).default([]),
});

/** `health.clue.reported`, incl. complaints (投诉举报). */
export { clueReported } from '../contract/clue.ts';

/** `health.inspection.completed`: result of an inspection or spot check. */
export const inspectionCompleted = z.object({
  inspectionId: nonEmptyText(64),
  uscc: usccField(),
  inspectorIds: z.array(nonEmptyText(64)).min(1),
  outcome: z.enum(['PASS', 'RECTIFY', 'FAIL']),
  findings: z.array(z.object({ violationCode: violationCodeField().optional(), description: nonEmptyText() })).default([]),
});

/** `health.penalty.decided` (行政处罚决定). */
export const penaltyDecided = z.object({
  decisionNo: nonEmptyText(128),
  subject: subjectRefField(),
  violationCode: violationCodeField(),
  penaltyKinds: z.array(penaltyKind).min(1),
  fineYuan: amountField(),
  decidedAt: dateTimeField(),
  publish: z.boolean(),
  basis: nonEmptyText().optional(),
});

/** `health.score.recorded` (不良执业行为记分). */
export const scoreRecorded = z.object({
  subject: subjectRefField(),
  points: z.number().int().min(1).max(12),
  reason: nonEmptyText(),
  cycle: z.string().regex(/^\d{4}$/, 'must be a 4-digit year'),
});

/** `health.case.transferred`: handed to police as a suspected crime (行刑衔接). */
export const caseTransferred = z.object({
  caseNo: nonEmptyText(128),
  subject: subjectRefField(),
  violationCode: violationCodeField(),
  toAgency: agencyField,
  summary: nonEmptyText(),
});
