import { idNumberCheckCharacter, usccCheckCharacter } from '../../schema/identifiers/index.ts';

/** The five regions of the sample feeds: Dujiangyan, Kongtong, Xixiu, Shangdang, Xuhui. */
export const demoRegions = [
  { code: '510181', prefix: '都江堰市' },
  { code: '620802', prefix: '平凉市崆峒区' },
  { code: '520402', prefix: '安顺市西秀区' },
  { code: '140404', prefix: '长治市上党区' },
  { code: '310104', prefix: '上海市徐汇区' },
] as const;

export interface DemoInstitution {
  uscc: string;
  name: string;
  kind: string;
  region: string;
  index: number;
}

export interface DemoPerson {
  idNumber: string;
  name: string;
  region: string;
}

const KINDS = [
  ['HOSPITAL', '医院'],
  ['CLINIC', '诊所'],
  ['OUTPATIENT', '门诊部'],
  ['HEALTH_CENTER', '卫生院'],
  ['MEDICAL_BEAUTY', '医疗美容门诊部'],
  ['PHARMACY', '大药房'],
] as const;
const BRANDS = ['康宁', '仁和', '济民', '惠民', '博爱', '同心', '安康', '德仁', '华康', '永安'];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '磊', '强', '军', '洋', '勇', '艳', '杰'];

/** A valid unified social credit code for the n-th demo institution of a region. */
export function demoUscc(region: string, n: number): string {
  const first17 = `91${region}${String(n).padStart(9, '0')}`;
  return first17 + usccCheckCharacter(first17);
}

/** A valid resident ID number for the n-th demo person of a region. */
export function demoIdNumber(region: string, n: number): string {
  const year = 1960 + (n % 40);
  const month = String(1 + (n % 12)).padStart(2, '0');
  const day = String(1 + (n % 28)).padStart(2, '0');
  const first17 = `${region}${year}${month}${day}${String(n % 1000).padStart(3, '0')}`;
  return first17 + idNumberCheckCharacter(first17);
}

export function demoInstitution(regionIndex: number, n: number): DemoInstitution {
  const region = demoRegions[regionIndex % demoRegions.length]!;
  const [kind, suffix] = KINDS[n % KINDS.length]!;
  const brand = BRANDS[Math.floor(n / KINDS.length) % BRANDS.length]!;
  const serial = n >= KINDS.length * BRANDS.length ? `第${Math.floor(n / (KINDS.length * BRANDS.length)) + 1}` : '';
  return { uscc: demoUscc(region.code, n), name: `${region.prefix}${brand}${serial}${suffix}`, kind, region: region.code, index: n };
}

export function demoPerson(regionIndex: number, n: number): DemoPerson {
  const region = demoRegions[regionIndex % demoRegions.length]!;
  const name = SURNAMES[n % SURNAMES.length]! + GIVEN[Math.floor(n / SURNAMES.length) % GIVEN.length]!;
  return { idNumber: demoIdNumber(region.code, n), name, region: region.code };
}

export const demoInspectorId = (region: string, n: number) => `${region}-I${n + 1}`;
