import { z } from 'zod';
import { isIdNumber, isRealDate, isRealDateTime, isRegionCode, isUscc } from '../../schema/identifiers/index.ts';
import type { DeadLetterCode } from '../errors.ts';

/** Attaches the dead-letter code a failed refinement stands for; read back by `issues.ts`. */
const coded = (hubCode: DeadLetterCode, message: string) => ({ message, params: { hubCode } });

/** 统一社会信用代码, check character verified. */
export const usccField = () => z.string().refine(isUscc, coded('INVALID_USCC', 'not a valid unified social credit code (GB 32100-2015)'));

/** 公民身份号码, birth date and check character verified. */
export const idNumberField = () => z.string().refine(isIdNumber, coded('INVALID_ID_NUMBER', 'not a valid resident ID number (GB 11643-1999)'));

/** 6-digit administrative division code (GB/T 2260) of a place; the national code 000000 is no place. */
export const regionField = () =>
  z.string().refine((code) => isRegionCode(code) && code !== '000000', coded('INVALID_REGION', 'not a 6-digit administrative division code'));

/** A department's own violation code, kept verbatim: no spaces to trim, no case to fold. */
export const violationCodeField = () => z.string().regex(/^\S{1,64}$/, 'must be a code of 1 to 64 characters without spaces');

/** Money in yuan: never negative, at most two decimals (fen), below 10^14. */
export const amountField = () =>
  z
    .number()
    .refine((n) => n >= 0, coded('NEGATIVE_AMOUNT', 'amount must not be negative'))
    .refine((n) => n < 1e14 && Math.abs(n * 100 - Math.round(n * 100)) < 1e-6, { message: 'amount must be below 10^14 yuan with at most two decimals' });

/** An RFC 3339 timestamp with an offset, and a date that exists on the calendar. */
export const dateTimeField = () => z.string().refine(isRealDateTime, coded('INVALID_DATE', 'not a real RFC 3339 date-time with offset'));

/** A calendar date `YYYY-MM-DD` that exists. */
export const dateField = () => z.string().refine(isRealDate, coded('INVALID_DATE', 'not a real YYYY-MM-DD date'));

export const nonEmptyText = (max = 2000) => z.string().trim().min(1).max(max);

/** Who an event is about, inside `data`: an institution or a person. */
export const subjectRefField = () =>
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('institution'), uscc: usccField() }),
    z.object({ kind: z.literal('person'), idNumber: idNumberField(), name: nonEmptyText(64) }),
  ]);
export type SubjectRef = z.infer<ReturnType<typeof subjectRefField>>;

/** The envelope `subject` of an event whose data names an institution by `uscc`. */
export const institutionSubject = (data: { uscc: string }) => `institution:${data.uscc}`;

/** The envelope `subject` an event's data implies, e.g. `institution:9151...`. */
export function subjectKey(ref: SubjectRef): string {
  return ref.kind === 'institution' ? `institution:${ref.uscc}` : `person:${ref.idNumber}`;
}

