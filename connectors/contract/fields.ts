import { z } from 'zod';
import { isIdNumber, isRegionCode, isUscc } from '../../schema/identifiers/index.ts';
import type { DeadLetterCode } from '../errors.ts';

/** Attaches the dead-letter code a failed refinement stands for; read back by `issues.ts`. */
const coded = (hubCode: DeadLetterCode, message: string) => ({ message, params: { hubCode } });

/** 统一社会信用代码, check character verified. */
export const usccField = () => z.string().refine(isUscc, coded('INVALID_USCC', 'not a valid unified social credit code (GB 32100-2015)'));

/** 公民身份号码, birth date and check character verified. */
export const idNumberField = () => z.string().refine(isIdNumber, coded('INVALID_ID_NUMBER', 'not a valid resident ID number (GB 11643-1999)'));

/** 6-digit administrative division code (GB/T 2260). */
export const regionField = () => z.string().refine(isRegionCode, coded('INVALID_REGION', 'not a 6-digit administrative division code'));

/** A money amount in yuan: finite, never negative. */
export const amountField = () => z.number().refine((n) => n >= 0, coded('NEGATIVE_AMOUNT', 'amount must not be negative'));

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

/** The envelope `subject` an event's data implies, e.g. `institution:9151...`. */
export function subjectKey(ref: SubjectRef): string {
  return ref.kind === 'institution' ? `institution:${ref.uscc}` : `person:${ref.idNumber}`;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|[+-](\d{2}):(\d{2}))$/;

function dayExists(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

export function isRealDate(value: string): boolean {
  const m = DATE.exec(value);
  return m !== null && dayExists(Number(m[1]), Number(m[2]), Number(m[3]));
}

export function isRealDateTime(value: string): boolean {
  const m = DATE_TIME.exec(value);
  if (m === null || !dayExists(Number(m[1]), Number(m[2]), Number(m[3]))) return false;
  const [hour, minute, second] = [Number(m[4]), Number(m[5]), Number(m[6])];
  const offsetOk = m[7] === undefined || (Number(m[7]) <= 23 && Number(m[8]) <= 59);
  return hour <= 23 && minute <= 59 && second <= 59 && offsetOk;
}
