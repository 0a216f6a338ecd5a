// Unified social credit code (统一社会信用代码, GB 32100-2015), the 18-character identity of every
// legal person and other organisation: 登记管理部门代码 (1) + 机构类别代码 (1) + 登记管理机关行政区划码 (6)
// + 主体标识码 (9) + 校验码 (1). The check character is ISO 7064-style MOD 31 (GB/T 17710).

import { isRegionCode } from './region-code.ts';

/** Why a string is not a unified social credit code, in the order the checks run. */
export type UsccProblem = 'LENGTH' | 'ALPHABET' | 'REGION' | 'CHECK_CHARACTER';

/** The 31 symbols of the code: digits and upper-case letters without I, O, S, V, Z. */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const LENGTH = 18;

function inAlphabet(value: string): boolean {
  for (const ch of value) {
    if (!ALPHABET.includes(ch)) return false;
  }
  return true;
}

/** The 校验码 that GB 32100 assigns to the first 17 characters; throws RangeError unless given 17 alphabet symbols. */
export function usccCheckCharacter(first17: string): string {
  if (first17.length !== LENGTH - 1 || !inAlphabet(first17)) {
    throw new RangeError(`expected the first 17 characters of a unified social credit code, got ${JSON.stringify(first17)}`);
  }
  let sum = 0;
  for (let i = 0; i < WEIGHTS.length; i++) {
    sum += ALPHABET.indexOf(first17.charAt(i)) * WEIGHTS[i]!;
  }
  return ALPHABET.charAt((31 - (sum % 31)) % 31);
}

/** `100000` marks a national registration authority (e.g. social organisations registered with the Ministry of Civil Affairs). */
const NATIONAL_REGISTRATION = '100000';

function isRegistrationAuthorityRegion(code: string): boolean {
  return code === NATIONAL_REGISTRATION || isRegionCode(code);
}

/** Validate a 统一社会信用代码 exactly as written (no trimming, no upper-casing) and say what is wrong with it. */
export function checkUscc(value: string): { ok: true } | { ok: false; problem: UsccProblem } {
  if (value.length !== LENGTH) return { ok: false, problem: 'LENGTH' };
  if (!inAlphabet(value)) return { ok: false, problem: 'ALPHABET' };
  if (!isRegistrationAuthorityRegion(value.slice(2, 8))) return { ok: false, problem: 'REGION' };
  if (usccCheckCharacter(value.slice(0, 17)) !== value.charAt(17)) {
    return { ok: false, problem: 'CHECK_CHARACTER' };
  }
  return { ok: true };
}

/** Whether a value is a well-formed 统一社会信用代码 with a correct 校验码. */
export function isUscc(value: string): boolean {
  return checkUscc(value).ok;
}

/** The 登记管理机关行政区划码 (characters 3–8): where the registering authority sits; throws RangeError unless 18 characters long. */
export function usccRegion(value: string): string {
  if (value.length !== LENGTH) {
    throw new RangeError(`expected an 18-character unified social credit code, got ${JSON.stringify(value)}`);
  }
  return value.slice(2, 8);
}
