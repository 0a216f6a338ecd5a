// Public surface of the identifier checks: 统一社会信用代码, 公民身份号码, 行政区划代码.

export { checkUscc, isUscc, usccCheckCharacter, usccRegion } from './uscc.ts';
export type { UsccProblem } from './uscc.ts';

export {
  checkIdNumber,
  idNumberCheckCharacter,
  isIdNumber,
  maskIdNumber,
  maskName,
} from './id-number.ts';
export type { IdNumberProblem } from './id-number.ts';
export { idNumbersIn, maskIdNumbersIn } from './id-numbers-in-text.ts';

export { cityOf, isRegionCode, NATIONAL_REGION, provinceOf, regionCovers } from './region-code.ts';

export { isRealDate, isRealDateTime } from './date-time.ts';
