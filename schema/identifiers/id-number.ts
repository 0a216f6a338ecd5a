// Resident ID number (公民身份号码, GB 11643-1999): 地址码 (6) + 出生日期码 (8, YYYYMMDD) + 顺序码 (3)
// + 校验码 (1, ISO 7064 MOD 11-2, where 10 is written X). Also the masking rules for showing one.

import { isRegionCode } from './region-code.ts';

/** Why a string is not a resident ID number, in the order the checks run. */
export type IdNumberProblem = 'LENGTH' | 'FORMAT' | 'REGION' | 'BIRTH_DATE' | 'CHECK_CHARACTER';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARACTERS = '10X98765432';
const LENGTH = 18;
const EARLIEST_BIRTH_YEAR = 1900;

// Birth dates are calendar dates in China, so "today" is taken in Beijing time whatever the server's zone.
/** China has kept UTC+8 all year since 1991, so Beijing's calendar date is a fixed shift of UTC. */
function beijingYyyymmdd(instant: Date): string {
  return new Date(instant.getTime() + 8 * 3_600_000).toISOString().slice(0, 10).replaceAll('-', '');
}

function isRealBirthDate(yyyymmdd: string, today: Date): boolean {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  if (year < EARLIEST_BIRTH_YEAR || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const daysInMonth = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  // Both sides are 8-digit YYYYMMDD strings, so string order is date order.
  return day <= daysInMonth && yyyymmdd <= beijingYyyymmdd(today);
}

/** The 校验码 that GB 11643 assigns to the 17-digit 本体码; throws RangeError unless given 17 ASCII digits. */
export function idNumberCheckCharacter(first17: string): string {
  if (!/^[0-9]{17}$/.test(first17)) {
    throw new RangeError(`expected the first 17 digits of a resident ID number, got ${JSON.stringify(first17)}`);
  }
  let sum = 0;
  for (let i = 0; i < WEIGHTS.length; i++) {
    sum += Number(first17.charAt(i)) * WEIGHTS[i]!;
  }
  return CHECK_CHARACTERS.charAt(sum % 11);
}

/** Validate an 18-digit 公民身份号码 exactly as written (upper-case X only) and say what is wrong with it. */
export function checkIdNumber(
  value: string,
  today: Date = new Date(),
): { ok: true } | { ok: false; problem: IdNumberProblem } {
  if (value.length !== LENGTH) return { ok: false, problem: 'LENGTH' };
  if (!/^[0-9]{17}[0-9X]$/.test(value)) return { ok: false, problem: 'FORMAT' };
  const region = value.slice(0, 6);
  // 000000 means "nationwide" to the hub, never a person's 常住户口所在地.
  if (region === '000000' || !isRegionCode(region)) return { ok: false, problem: 'REGION' };
  if (!isRealBirthDate(value.slice(6, 14), today)) return { ok: false, problem: 'BIRTH_DATE' };
  if (idNumberCheckCharacter(value.slice(0, 17)) !== value.charAt(17)) {
    return { ok: false, problem: 'CHECK_CHARACTER' };
  }
  return { ok: true };
}

/** Whether a value is a valid 公民身份号码 as of now. */
export function isIdNumber(value: string): boolean {
  return checkIdNumber(value).ok;
}

/** 脱敏 an ID number for display: keep the 6-digit 地址码 and last 4, hide the birth date; anything not 18 characters is hidden entirely. */
export function maskIdNumber(value: string): string {
  if (value.length !== LENGTH) return '*'.repeat(value.length);
  return `${value.slice(0, 6)}${'*'.repeat(8)}${value.slice(14)}`;
}

/** 姓名脱敏: keep the first character and star the rest (张三 → 张*, 欧阳娜娜 → 欧***; a one-character name → *). */
export function maskName(name: string): string {
  const characters = Array.from(name); // code points, so rare 生僻字 outside the BMP count as one character
  if (characters.length <= 1) return '*'.repeat(characters.length);
  return characters[0] + '*'.repeat(characters.length - 1);
}
