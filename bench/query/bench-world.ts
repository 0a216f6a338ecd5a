import { demoIdNumber, demoUscc } from '../../hub/demo/demo-directory.ts';

/**
 * The generated world the query benchmark seeds: twenty counties with a
 * skewed share of everything (a few big districts hold most), institutions
 * and people in each, and a seeded random source so two runs with the same
 * seed write the same rows.
 */

/** Counties and their weight (share of institutions, people and facts, in %). Ten lie under 成都市 (510100). */
export const BENCH_REGIONS = [
  { code: '310115', name: '上海市浦东新区', weight: 20 },
  { code: '440305', name: '深圳市南山区', weight: 14 },
  { code: '510107', name: '成都市武侯区', weight: 12 },
  { code: '510104', name: '成都市锦江区', weight: 8 },
  { code: '310104', name: '上海市徐汇区', weight: 6 },
  { code: '510106', name: '成都市金牛区', weight: 5 },
  { code: '510105', name: '成都市青羊区', weight: 4 },
  { code: '530102', name: '昆明市五华区', weight: 4 },
  { code: '420106', name: '武汉市武昌区', weight: 4 },
  { code: '510116', name: '成都市双流区', weight: 3 },
  { code: '511002', name: '内江市市中区', weight: 3 },
  { code: '510703', name: '绵阳市涪城区', weight: 3 },
  { code: '510108', name: '成都市成华区', weight: 2 },
  { code: '510112', name: '成都市龙泉驿区', weight: 2 },
  { code: '510181', name: '都江堰市', weight: 2 },
  { code: '620802', name: '平凉市崆峒区', weight: 2 },
  { code: '520402', name: '安顺市西秀区', weight: 2 },
  { code: '140404', name: '长治市上党区', weight: 2 },
  { code: '510114', name: '成都市新都区', weight: 1 },
  { code: '510182', name: '彭州市', weight: 1 },
] as const;

/** A directory entry the seed writes and the lookups ask for. */
export interface BenchInstitution {
  uscc: string;
  name: string;
  kind: string;
  region: string;
}

/** A person facts are seeded about: clue subjects, penalised people, offenders. */
export interface BenchPerson {
  idNumber: string;
  name: string;
  region: string;
  /** Facts seeded about this person so far (clues, results, records). */
  facts: number;
}

/** A seeded random source: floats in [0, 1) and the picks the generators need. */
export interface Random {
  next(): number;
  int(below: number): number;
  pick<T>(items: readonly T[]): T;
  /** An index in [0, length), low ones far likelier: big hospitals draw most complaints. */
  skewedIndex(length: number): number;
}

/** mulberry32: tiny, fast and good enough to spread benchmark rows. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (below: number) => Math.floor(next() * below);
  return { next, int, pick: (items) => items[int(items.length)]!, skewedIndex: (length) => Math.floor(length * next() ** 2) };
}

/** Picks an item by its weight. */
export function weightedPicker<T>(items: ReadonlyArray<{ item: T; weight: number }>, random: Random): () => T {
  const total = items.reduce((sum, entry) => sum + entry.weight, 0);
  return () => {
    let point = random.next() * total;
    for (const entry of items) {
      point -= entry.weight;
      if (point < 0) return entry.item;
    }
    return items.at(-1)!.item;
  };
}

/** The directory and the skewed picks every generated fact draws its region and subject from. */
export interface BenchWorld {
  random: Random;
  institutions: BenchInstitution[];
  people: BenchPerson[];
  /** A county by weight. */
  pickRegion(): string;
  /** An institution of `region`, popular ones likelier. */
  pickInstitution(region: string): BenchInstitution;
  /** A person of `region`, repeat offenders likelier. */
  pickPerson(region: string): BenchPerson;
}

const KINDS = [
  ['HOSPITAL', '医院', 3],
  ['CLINIC', '诊所', 5],
  ['OUTPATIENT', '门诊部', 3],
  ['HEALTH_CENTER', '社区卫生服务中心', 2],
  ['MEDICAL_BEAUTY', '医疗美容门诊部', 2],
  ['PHARMACY', '大药房', 5],
] as const;
const BRANDS = ['康宁', '仁和', '济民', '惠民', '博爱', '同心', '安康', '德仁', '华康', '永安', '瑞康', '民生'];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '磊', '强', '军', '洋', '勇', '艳', '杰', '涛', '明', '超', '霞'];

/** Spreads `count` over the counties by weight (largest remainder, so the parts add up exactly). */
function shares(count: number): Map<string, number> {
  const total = BENCH_REGIONS.reduce((sum, region) => sum + region.weight, 0);
  const exact = BENCH_REGIONS.map((region) => ({ code: region.code, value: (count * region.weight) / total }));
  const parts = new Map(exact.map((entry) => [entry.code, Math.floor(entry.value)]));
  let left = count - [...parts.values()].reduce((sum, n) => sum + n, 0);
  for (const entry of [...exact].sort((a, b) => (b.value % 1) - (a.value % 1))) {
    if (left-- <= 0) break;
    parts.set(entry.code, parts.get(entry.code)! + 1);
  }
  return parts;
}

/** Builds the directory of institutions and people; the facts about them are generated while seeding. */
export function buildWorld(options: { institutions: number; people: number; seed: number }): BenchWorld {
  const random = createRandom(options.seed);
  const pickKind = weightedPicker(KINDS.map(([kind, suffix, weight]) => ({ item: { kind, suffix }, weight })), random);
  const institutionsByRegion = new Map<string, BenchInstitution[]>();
  const peopleByRegion = new Map<string, BenchPerson[]>();
  const institutionShares = shares(options.institutions);
  const peopleShares = shares(options.people);
  for (const region of BENCH_REGIONS) {
    const institutions = Array.from({ length: Math.max(1, institutionShares.get(region.code)!) }, (_, n) => {
      const { kind, suffix } = pickKind();
      return { uscc: demoUscc(region.code, n + 1), name: `${region.name}${random.pick(BRANDS)}${n + 1}号${suffix}`, kind, region: region.code };
    });
    // demoIdNumber repeats after 21,000 people in one county; the default sizes stay far below.
    const people = Array.from({ length: Math.max(1, peopleShares.get(region.code)!) }, (_, n) => ({
      idNumber: demoIdNumber(region.code, n + 1),
      name: random.pick(SURNAMES) + random.pick(GIVEN) + (random.next() < 0.5 ? random.pick(GIVEN) : ''),
      region: region.code,
      facts: 0,
    }));
    institutionsByRegion.set(region.code, institutions);
    peopleByRegion.set(region.code, people);
  }
  const pickRegion = weightedPicker(BENCH_REGIONS.map((region) => ({ item: region.code as string, weight: region.weight })), random);
  return {
    random,
    institutions: [...institutionsByRegion.values()].flat(),
    people: [...peopleByRegion.values()].flat(),
    pickRegion,
    pickInstitution: (region) => {
      const list = institutionsByRegion.get(region)!;
      return list[random.skewedIndex(list.length)]!;
    },
    pickPerson: (region) => {
      const list = peopleByRegion.get(region)!;
      return list[random.skewedIndex(list.length)]!;
    },
  };
}
