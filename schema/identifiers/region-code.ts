// Administrative division codes (行政区划代码, GB/T 2260): six digits, province (2) + city (2) + county (2).
// Only the province part is checked against a fixed list; the city and county parts change
// every year with the Ministry of Civil Affairs' published list and are not checked here.

/** 全国 — the code this hub uses for a nationwide jurisdiction. */
export const NATIONAL_REGION = '000000';

const PROVINCE_RANGES: ReadonlyArray<readonly [number, number]> = [
  [11, 15], // 华北: 北京 天津 河北 山西 内蒙古
  [21, 23], // 东北: 辽宁 吉林 黑龙江
  [31, 37], // 华东: 上海 江苏 浙江 安徽 福建 江西 山东
  [41, 46], // 中南: 河南 湖北 湖南 广东 广西 海南
  [50, 54], // 西南: 重庆 四川 贵州 云南 西藏
  [61, 65], // 西北: 陕西 甘肃 青海 宁夏 新疆
  [71, 71], // 台湾
  [81, 82], // 香港 澳门
];

const SIX_DIGITS = /^[0-9]{6}$/;

function isProvincePrefix(two: number): boolean {
  return PROVINCE_RANGES.some(([low, high]) => two >= low && two <= high);
}

function requireRegionCode(code: string): void {
  if (!isRegionCode(code)) {
    throw new RangeError(`not an administrative division code: ${JSON.stringify(code)}`);
  }
}

/** Whether a value is a plausible 行政区划代码: 6 ASCII digits under a real province (or 000000 for 全国). */
export function isRegionCode(value: string): boolean {
  if (!SIX_DIGITS.test(value)) return false;
  if (value === NATIONAL_REGION) return true;
  return isProvincePrefix(Number(value.slice(0, 2)));
}

/** The province-level (省级) code a region belongs to, e.g. 510181 → 510000; throws RangeError on a bad code. */
export function provinceOf(code: string): string {
  requireRegionCode(code);
  return `${code.slice(0, 2)}0000`;
}

/** The prefecture-level (地级) code a region belongs to, e.g. 510181 → 510100; throws RangeError on a bad code. */
export function cityOf(code: string): string {
  requireRegionCode(code);
  return `${code.slice(0, 4)}00`;
}

/** Whether a department whose 管辖范围 is `jurisdiction` may see data registered in `region` (false if either is not a valid code). */
export function regionCovers(jurisdiction: string, region: string): boolean {
  if (!isRegionCode(jurisdiction) || !isRegionCode(region)) return false;
  if (jurisdiction === NATIONAL_REGION) return true;
  if (jurisdiction.endsWith('0000')) return region.startsWith(jurisdiction.slice(0, 2));
  if (jurisdiction.endsWith('00')) return region.startsWith(jurisdiction.slice(0, 4));
  return region === jurisdiction;
}
