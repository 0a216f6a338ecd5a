import { z } from 'zod';
import { dateTimeField, idNumberField, nonEmptyText, usccField, violationCodeField } from '../contract/fields.ts';

/** `police.offender.penalized`: a tout (医托), scalper (号贩子) or disturber (医闹), with identity. */
export const offenderPenalized = z.object({
  recordNo: nonEmptyText(64),
  idNumber: idNumberField(),
  name: nonEmptyText(64),
  offenseCode: violationCodeField(),
  penalty: nonEmptyText(),
  decidedAt: dateTimeField(),
  photoRef: z.string().regex(/^sha256:[0-9a-f]{64}$/, 'must be sha256:<64 hex digits>').optional(),
  hospitalUscc: usccField().optional(),
});

/** `police.case.accepted`: police took over a case health transferred (行刑衔接). */
export const caseAccepted = z.object({
  caseNo: nonEmptyText(128),
  policeCaseNo: nonEmptyText(128),
  acceptedAt: dateTimeField(),
});

/** `police.clue.reported`, e.g. illegal practice of medicine found by police. */
export { clueReported } from '../contract/clue.ts';
