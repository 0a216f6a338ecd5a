import type { DemoInstitution, DemoPerson } from './demo-directory.ts';

/** An event before its envelope: who publishes it, about whom, and its data. */
export interface EventDraft {
  department: 'health' | 'police' | 'market' | 'insurance' | 'tax';
  region: string;
  system: string;
  type: string;
  subject: string;
  data: Record<string, unknown>;
}

interface FactContext {
  f: number;
  institution: DemoInstitution;
  person: DemoPerson;
  inspectorIds: string[];
  decidedAt: string;
}

type DraftMaker = (c: FactContext) => EventDraft;

const inst = (c: FactContext) => `institution:${c.institution.uscc}`;
const pick = <T>(list: readonly T[], n: number): T => list[n % list.length]!;

/** One maker per non-directory event type, with its share of the mix. */
const makers: [weight: number, DraftMaker][] = [
  [12, (c) => ({ department: 'health', region: c.institution.region, system: 'complaints', type: 'health.clue.reported', subject: inst(c), data: { clueId: `XS-${c.f}`, subject: { kind: 'institution', uscc: c.institution.uscc }, violationCode: pick(['WJ-FFXY', 'WJ-XJXC', 'WJ-GDZL', 'WJ-YLFW'], c.f), summary: pick(['群众举报该机构聘用无资质人员开展诊疗', '网络宣传夸大疗效', '诱导患者过度检查'], c.f), channel: pick(['COMPLAINT', 'INSPECTION', 'HOTLINE'], c.f), targetDepartments: c.f % 3 === 0 ? ['market'] : [] } })],
  [8, (c) => ({ department: 'health', region: c.institution.region, system: 'inspection', type: 'health.inspection.completed', subject: inst(c), data: { inspectionId: `JC-${c.f}`, uscc: c.institution.uscc, inspectorIds: c.inspectorIds, outcome: pick(['PASS', 'PASS', 'RECTIFY', 'FAIL'], c.f), findings: c.f % 4 === 0 ? [] : [{ violationCode: 'WJ-ZLAQ', description: '病历书写不规范' }] } })],
  [5, (c) => ({ department: 'health', region: c.institution.region, system: 'enforcement', type: 'health.penalty.decided', subject: inst(c), data: { decisionNo: `卫医罚〔2026〕${c.f}号`, subject: { kind: 'institution', uscc: c.institution.uscc }, violationCode: pick(['WJ-FFXY', 'WJ-CZZZ', 'WJ-CRFK', 'WJ-NEW1'], c.f), penaltyKinds: ['WARNING', 'FINE'], fineYuan: 10_000 + (c.f % 50) * 1_000, decidedAt: c.decidedAt, publish: c.f % 5 !== 0, basis: '《医疗机构管理条例》第四十七条' } })],
  [5, (c) => ({ department: 'health', region: c.institution.region, system: 'scoring', type: 'health.score.recorded', subject: inst(c), data: { subject: { kind: 'institution', uscc: c.institution.uscc }, points: 1 + (c.f % 12), reason: '使用非卫生技术人员从事诊疗活动', cycle: '2026' } })],
  [1, (c) => ({ department: 'health', region: c.institution.region, system: 'enforcement', type: 'health.case.transferred', subject: inst(c), data: { caseNo: `YXXJ-${c.f}`, subject: { kind: 'institution', uscc: c.institution.uscc }, violationCode: 'WJ-FFXY', toAgency: `police:${c.institution.region}`, summary: '非法行医致人损害，涉嫌非法行医罪' } })],
  [1, (c) => ({ department: 'police', region: c.institution.region, system: 'case-intake', type: 'police.case.accepted', subject: inst(c), data: { caseNo: `YXXJ-${c.f - 1}`, policeCaseNo: `GAJ-${c.f}`, acceptedAt: c.decidedAt } })],
  [6, (c) => ({ department: 'police', region: c.person.region, system: 'public-order', type: 'police.offender.penalized', subject: `person:${c.person.idNumber}`, data: { recordNo: `GA-${c.f}`, idNumber: c.person.idNumber, name: c.person.name, offenseCode: pick(['GA-YT', 'GA-HFZ', 'GA-YN'], c.f), penalty: '行政拘留十日', decidedAt: c.decidedAt, photoRef: `sha256:${(c.f.toString(16) + '0'.repeat(64)).slice(0, 64)}`, hospitalUscc: c.institution.uscc } })],
  [2, (c) => ({ department: 'police', region: c.person.region, system: 'intel', type: 'police.clue.reported', subject: `person:${c.person.idNumber}`, data: { clueId: `GAXS-${c.f}`, subject: { kind: 'person', idNumber: c.person.idNumber, name: c.person.name }, violationCode: 'GA-FFXY', summary: '无证人员在居民楼内开展注射治疗', channel: 'REFERRAL', targetDepartments: ['health'] } })],
  [5, (c) => ({ department: 'market', region: c.institution.region, system: 'ad-monitor', type: 'market.penalty.decided', subject: inst(c), data: { decisionNo: `市监处罚〔2026〕${c.f}号`, uscc: c.institution.uscc, violationCode: pick(['SJ-XJGG', 'SJ-JGWF', 'SJ-YPZL', 'SJ-SYHL'], c.f), fineYuan: 50_000 + (c.f % 20) * 500, decidedAt: c.decidedAt, publish: true } })],
  [3, (c) => ({ department: 'market', region: c.institution.region, system: 'registry', type: 'market.license.changed', subject: inst(c), data: { uscc: c.institution.uscc, status: pick(['ABNORMAL', 'NORMAL'], c.f), reason: '未按时公示年度报告' } })],
  [4, (c) => ({ department: 'insurance', region: c.institution.region, system: 'fund-audit', type: 'insurance.fraud.confirmed', subject: inst(c), data: { caseNo: `YBJG-${c.f}`, uscc: c.institution.uscc, violationCode: pick(['YB-XJZY', 'YB-GC', 'YB-CHYP', 'YB-ZJSF', 'YB-WZYY'], c.f), amountYuan: 100_000 + (c.f % 90) * 1_000, decidedAt: c.decidedAt } })],
  [4, (c) => ({ department: 'insurance', region: c.institution.region, system: 'agreements', type: 'insurance.agreement.changed', subject: inst(c), data: { uscc: c.institution.uscc, agreementNo: `DD${c.institution.uscc.slice(-6)}`, status: pick(['SIGNED', 'SUSPENDED'], c.f), reason: '涉嫌欺诈骗保，暂停医保结算' } })],
  [6, (c) => ({ department: 'insurance', region: c.institution.region, system: 'smart-review', type: 'insurance.alert.raised', subject: inst(c), data: { alertId: `AL-${c.f}`, uscc: c.institution.uscc, rule: '同一患者短期内重复住院', score: (c.f % 100) / 100, periodStart: '2026-01-01', periodEnd: '2026-01-31' } })],
  [3, (c) => ({ department: 'tax', region: c.institution.region, system: 'inspection', type: 'tax.penalty.decided', subject: inst(c), data: { decisionNo: `税稽罚〔2026〕${c.f}号`, uscc: c.institution.uscc, violationCode: pick(['SW-TS', 'SW-XKFP', 'SW-WAQSB'], c.f), fineYuan: 80_000 + (c.f % 30) * 100, decidedAt: c.decidedAt } })],
  [8, (c) => ({ department: 'tax', region: c.institution.region, system: 'credit', type: 'tax.credit.rated', subject: inst(c), data: { uscc: c.institution.uscc, year: 2025, rating: pick(['A', 'B', 'M', 'C', 'D'], c.f) } })],
  [1, (c) => ({ department: 'health', region: c.institution.region, system: 'licensing', type: 'health.institution.changed', subject: inst(c), data: { uscc: c.institution.uscc, name: c.institution.name, kind: c.institution.kind, ownership: 'PRIVATE', licenseNo: `PDY${c.institution.region}${String(c.institution.index).padStart(5, '0')}`, region: c.institution.region, address: `${c.institution.name.slice(0, 6)}新华路${c.f}号` } })],
];

const schedule: DraftMaker[] = makers.flatMap(([weight, make]) => Array.from({ length: weight }, () => make));

/** The f-th fact of the demo mix; the case acceptance follows its transfer. */
export function factDrafts(context: FactContext): EventDraft {
  return schedule[context.f % schedule.length]!(context);
}
