import { sharedCategories, type Department, type SharedCategory } from '../../schema/vocabulary/categories.ts';
import type { InstitutionRow } from '../../schema/tables/directory.ts';
import type { OffenderRecordRow } from '../../schema/tables/identity.ts';
import type { InsuranceAgreementRow, InsuranceAlertRow, TaxRatingRow } from '../../schema/tables/insurance-tax.ts';
import type { ClueRow, PenaltyRow, ScoreRecordRow } from '../../schema/tables/supervision.ts';
import { weightedPicker, type BenchInstitution, type BenchPerson, type BenchWorld } from './bench-world.ts';

// One row of each table the gateway reads, the i-th of its kind, drawn from the world's random source.

/** The seeded history spans two years up to here. */
const HISTORY_END = Date.UTC(2026, 10, 1);
const HISTORY_MS = 2 * 365 * 86_400_000;

const CATEGORIES_OF: Record<Department, SharedCategory[]> = {
  health: ['ILLEGAL_PRACTICE', 'ILLEGAL_PRACTICE', 'QUALITY_SAFETY', 'INFECTION_CONTROL', 'MEDICAL_WASTE', 'EXCESSIVE_TREATMENT', 'LICENSE_MISUSE'],
  police: ['TOUT', 'SCALPER', 'MEDICAL_DISTURBANCE', 'ILLEGAL_PRACTICE'],
  market: ['FALSE_ADVERTISING', 'FALSE_ADVERTISING', 'PRICE_VIOLATION', 'DRUG_DEVICE_QUALITY', 'BRIBERY'],
  insurance: ['INSURANCE_FRAUD', 'INSURANCE_FRAUD', 'EXCESSIVE_TREATMENT'],
  tax: ['TAX_VIOLATION'],
};
const CODE_PREFIX: Record<Department, string> = { health: 'WJ', police: 'GA', market: 'SC', insurance: 'YB', tax: 'SW' };
const STATUSES = ['NEW', 'NEW', 'ROUTED', 'ROUTED', 'ACKNOWLEDGED', 'INVESTIGATING', 'CLOSED', 'CLOSED'];
const CHANNELS = ['HOTLINE', 'WEB', 'PATROL', 'REFERRAL', 'INSPECTION'];

type Subject = { kind: 'institution'; institution: BenchInstitution } | { kind: 'person'; person: BenchPerson };

/** Generates rows for one world; every generator takes the row's running number. */
export function benchRows(world: BenchWorld) {
  const { random } = world;
  const time = () => new Date(HISTORY_END - random.int(HISTORY_MS));
  const pick = <T>(weights: Array<[T, number]>) => weightedPicker(weights.map(([item, weight]) => ({ item, weight })), random);
  const institutionDepartment = pick<Department>([['health', 35], ['market', 25], ['insurance', 25], ['police', 10], ['tax', 5]]);
  const personDepartment = pick<Department>([['police', 60], ['health', 40]]);
  const resultDepartment = pick<Department>([['health', 40], ['market', 25], ['insurance', 25], ['tax', 10]]);
  // Most facts are reported where the subject is; some come from another county.
  const localRegion = (home: string) => (random.next() < 0.85 ? home : world.pickRegion());
  const subjectIn = (region: string, personShare: number): Subject => {
    if (random.next() >= personShare) return { kind: 'institution', institution: world.pickInstitution(region) };
    const person = world.pickPerson(region);
    person.facts++;
    return { kind: 'person', person };
  };
  const subjectColumns = (subject: Subject) =>
    subject.kind === 'institution'
      ? { subjectKind: 'institution' as const, subjectUscc: subject.institution.uscc, subjectIdNumber: null, subjectName: null }
      : { subjectKind: 'person' as const, subjectUscc: null, subjectIdNumber: subject.person.idNumber, subjectName: subject.person.name };
  const subjectName = (subject: Subject) => (subject.kind === 'institution' ? subject.institution.name : subject.person.name);
  const violationOf = (department: Department) => {
    const category = random.pick(CATEGORIES_OF[department]);
    return { category, violationCode: `${CODE_PREFIX[department]}-${String(1 + random.int(40)).padStart(2, '0')}` };
  };
  const provenance = (department: Department, region: string, id: string, at: Date) => ({ region, eventSource: `/${department}/${region}/bench`, eventId: id, eventTime: at });

  return {
    institution(institution: BenchInstitution, i: number): InstitutionRow {
      return {
        uscc: institution.uscc,
        name: institution.name,
        kind: institution.kind,
        ownership: random.next() < 0.3 ? 'PUBLIC' : 'PRIVATE',
        licenseNo: `PDY${institution.region}${String(i).padStart(6, '0')}`,
        institutionRegion: institution.region,
        address: `${institution.name.slice(0, 6)}人民路${1 + random.int(300)}号`,
        ...provenance('health', institution.region, `bench-inst-${i}`, time()),
      };
    },

    clue(i: number): ClueRow {
      const home = world.pickRegion();
      const subject = subjectIn(home, 0.3);
      const department = subject.kind === 'person' ? personDepartment() : institutionDepartment();
      const region = localRegion(home);
      const violation = violationOf(department);
      return {
        department,
        clueId: `XS-${region}-${i}`,
        ...subjectColumns(subject),
        ...violation,
        summary: `群众反映${subjectName(subject)}涉嫌${sharedCategories[violation.category]}，请核查处理（线索${i}）`,
        channel: random.pick(CHANNELS),
        targetDepartments: random.next() < 0.4 ? [random.pick(['health', 'police', 'market', 'insurance'])] : [],
        status: random.pick(STATUSES),
        ...provenance(department, region, `bench-clue-${i}`, time()),
      };
    },

    penalty(i: number): PenaltyRow {
      const home = world.pickRegion();
      const subject = subjectIn(home, 0.2);
      const department = resultDepartment();
      const fraud = department === 'insurance';
      const decidedAt = time();
      return {
        department,
        decisionNo: `${CODE_PREFIX[department]}罚〔${decidedAt.getUTCFullYear()}〕${i}号`,
        resultKind: fraud ? 'FRAUD_CONFIRMED' : 'PENALTY',
        ...subjectColumns(subject),
        ...violationOf(department),
        penaltyKinds: fraud ? ['RECOVERY'] : random.next() < 0.2 ? ['FINE', 'SUSPENSION'] : ['FINE'],
        amountYuan: `${1000 * (1 + random.int(200))}.00`,
        decidedAt,
        publish: !fraud && random.next() < 0.7,
        basis: random.next() < 0.5 ? '《医疗机构管理条例》第二十三条' : null,
        ...provenance(department, localRegion(home), `bench-penalty-${i}`, decidedAt),
      };
    },

    scoreRecord(i: number): ScoreRecordRow {
      const home = world.pickRegion();
      const subject = subjectIn(home, 0.7);
      return {
        ...subjectColumns(subject),
        points: 1 + random.int(6),
        reason: random.pick(['病历书写不规范', '超范围执业', '违规开具处方', '未按规定报告传染病']),
        cycle: String(2025 + random.int(2)),
        ...provenance('health', localRegion(home), `bench-score-${i}`, time()),
      };
    },

    offenderRecord(i: number): OffenderRecordRow {
      const home = world.pickRegion();
      const person = world.pickPerson(home);
      person.facts++;
      const region = localRegion(home);
      const violation = violationOf('police');
      const decidedAt = time();
      return {
        recordNo: `GA-${decidedAt.getUTCFullYear()}-${String(i).padStart(6, '0')}`,
        idNumber: person.idNumber,
        name: person.name,
        ...violation,
        penalty: random.pick(['行政拘留五日', '行政拘留十日', '罚款五百元', '警告']),
        decidedAt,
        photoRef: `photos/${region}/${i}.jpg`,
        hospitalUscc: random.next() < 0.8 ? world.pickInstitution(region).uscc : null,
        ...provenance('police', region, `bench-offender-${i}`, decidedAt),
      };
    },

    insuranceAgreement(institution: BenchInstitution, i: number): InsuranceAgreementRow {
      const status = random.pick(['NORMAL', 'NORMAL', 'NORMAL', 'NORMAL', 'SUSPENDED', 'TERMINATED']);
      return {
        uscc: institution.uscc,
        agreementNo: `YBXY-${institution.region}-${i}`,
        status,
        reason: status === 'NORMAL' ? null : '违规使用医保基金',
        ...provenance('insurance', institution.region, `bench-agreement-${i}`, time()),
      };
    },

    insuranceAlert(i: number): InsuranceAlertRow {
      const region = world.pickRegion();
      const institution = world.pickInstitution(region);
      const start = new Date(HISTORY_END - random.int(HISTORY_MS));
      start.setUTCDate(1);
      const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 0));
      return {
        alertId: `YJ-${i}`,
        uscc: institution.uscc,
        rule: `R-${String(1 + random.int(30)).padStart(2, '0')}`,
        score: Math.round(random.next() * 100) / 100,
        periodStart: start.toISOString().slice(0, 10),
        periodEnd: end.toISOString().slice(0, 10),
        ...provenance('insurance', region, `bench-alert-${i}`, time()),
      };
    },

    taxRating(institution: BenchInstitution, year: number, i: number): TaxRatingRow {
      return {
        uscc: institution.uscc,
        year,
        rating: random.pick(['A', 'A', 'B', 'B', 'B', 'M', 'C', 'D']),
        ...provenance('tax', institution.region, `bench-tax-${i}`, new Date(Date.UTC(year + 1, 3, 1))),
      };
    },
  };
}
