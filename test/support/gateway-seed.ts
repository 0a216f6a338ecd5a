import type { HubDatabase } from '../../schema/db/database.ts';
import {
  cluesTable,
  deadLettersTable,
  insuranceAgreementsTable,
  insuranceAlertsTable,
  institutionsTable,
  offenderRecordsTable,
  penaltiesTable,
  scoreRecordsTable,
  taxRatingsTable,
} from '../../schema/tables.ts';
import { demoIdNumber, demoUscc } from '../../hub/demo/demo-directory.ts';

/**
 * A small data set for gateway tests: in each of four regions one
 * institution and one person with every kind of fact about them. Every row
 * identifier carries `-<region>-`, so a test can tell from any response
 * text which regions' rows it holds. Names are rare three-character names
 * that appear nowhere else, so an unmasked name is found by plain search.
 */
export const seedRegions = ['510181', '510104', '511002', '310104'] as const;
export type SeedRegion = (typeof seedRegions)[number];

export interface SeedPerson {
  region: SeedRegion;
  idNumber: string;
  name: string;
  photoRef: string;
}

const NAMES: Record<SeedRegion, string> = { '510181': '司马懿', '510104': '诸葛亮', '511002': '欧阳修', '310104': '上官婉' };

export const seedPeople: SeedPerson[] = seedRegions.map((region) => ({ region, idNumber: demoIdNumber(region, 7), name: NAMES[region], photoRef: `photo-ref-${region}-0001.jpg` }));
export const seedInstitutions = seedRegions.map((region) => ({ region, uscc: demoUscc(region, 1), name: `${region}测试医院` }));

/** Seeded rows per region and table, for count assertions. */
export const seedCounts = { clues: 3, results: 3, publishedPenalties: 2 } as const;

const provenance = (region: string, n: string, time: Date) => ({ region, eventSource: `/health/${region}/test`, eventId: `evt-${region}-${n}`, eventTime: time });

export async function seedGatewayData(db: HubDatabase): Promise<void> {
  for (const [index, region] of seedRegions.entries()) {
    const person = seedPeople[index]!;
    const institution = seedInstitutions[index]!;
    const at = (hours: number) => new Date(Date.UTC(2026, 9, 1 + index, hours));
    const institutionSubject = { subjectKind: 'institution' as const, subjectUscc: institution.uscc, subjectIdNumber: null, subjectName: null };
    const personSubject = { subjectKind: 'person' as const, subjectUscc: null, subjectIdNumber: person.idNumber, subjectName: person.name };
    await db.insert(institutionsTable).values({ uscc: institution.uscc, name: institution.name, kind: 'HOSPITAL', ownership: 'PUBLIC', licenseNo: `LIC-${region}-1`, institutionRegion: region, address: `${region}人民路1号`, ...provenance(region, 'inst', at(0)) });
    await db.insert(cluesTable).values([
      { department: 'health', clueId: `CLUE-${region}-1`, ...institutionSubject, violationCode: 'WJ-01', category: 'ILLEGAL_PRACTICE', summary: `线索-${region}-机构`, channel: 'HOTLINE', targetDepartments: ['police'], ...provenance(region, 'c1', at(1)) },
      { department: 'police', clueId: `CLUE-${region}-2`, ...personSubject, violationCode: 'GA-01', category: 'TOUT', summary: `线索-${region}-个人`, channel: 'PATROL', targetDepartments: ['health'], ...provenance(region, 'c2', at(2)) },
      { department: 'market', clueId: `CLUE-${region}-3`, ...institutionSubject, violationCode: 'SC-01', category: 'FALSE_ADVERTISING', summary: `线索-${region}-广告`, channel: 'WEB', targetDepartments: [], ...provenance(region, 'c3', at(3)) },
    ]);
    await db.insert(penaltiesTable).values([
      { department: 'health', decisionNo: `DEC-${region}-1`, resultKind: 'PENALTY', ...institutionSubject, violationCode: 'WJ-01', category: 'ILLEGAL_PRACTICE', penaltyKinds: ['FINE'], amountYuan: '5000.00', decidedAt: at(4), publish: true, basis: null, ...provenance(region, 'p1', at(4)) },
      { department: 'health', decisionNo: `DEC-${region}-2`, resultKind: 'PENALTY', ...personSubject, violationCode: 'WJ-02', category: 'ILLEGAL_PRACTICE', penaltyKinds: ['FINE'], amountYuan: '3000.00', decidedAt: at(5), publish: true, basis: null, ...provenance(region, 'p2', at(5)) },
      { department: 'insurance', decisionNo: `DEC-${region}-3`, resultKind: 'FRAUD_CONFIRMED', ...institutionSubject, violationCode: 'YB-01', category: 'INSURANCE_FRAUD', penaltyKinds: ['RECOVERY'], amountYuan: '120000.00', decidedAt: at(6), publish: false, basis: null, ...provenance(region, 'p3', at(6)) },
    ]);
    await db.insert(scoreRecordsTable).values({ ...personSubject, points: 3, reason: `记分-${region}-1`, cycle: '2026', ...provenance(region, 's1', at(7)) });
    await db.insert(insuranceAgreementsTable).values({ uscc: institution.uscc, agreementNo: `AGR-${region}-1`, status: 'SUSPENDED', reason: null, ...provenance(region, 'a1', at(8)) });
    await db.insert(insuranceAlertsTable).values({ alertId: `ALERT-${region}-1`, uscc: institution.uscc, rule: 'R-01', score: 0.9, periodStart: '2026-09-01', periodEnd: '2026-09-30', ...provenance(region, 'al1', at(9)) });
    await db.insert(taxRatingsTable).values({ uscc: institution.uscc, year: 2025, rating: 'C', ...provenance(region, 't1', at(10)) });
    await db.insert(offenderRecordsTable).values({ recordNo: `GA-${region}-1`, idNumber: person.idNumber, name: person.name, violationCode: 'GA-01', category: 'TOUT', penalty: '行政拘留五日', decidedAt: at(11), photoRef: person.photoRef, hospitalUscc: institution.uscc, ...provenance(region, 'o1', at(11)) });
  }
  // A person from 510181 also reported in Shanghai: a 510181 caller must not see the Shanghai clue.
  const traveller = seedPeople[0]!;
  await db.insert(cluesTable).values({ department: 'police', clueId: 'CLUE-310104-9', subjectKind: 'person', subjectUscc: null, subjectIdNumber: traveller.idNumber, subjectName: traveller.name, violationCode: 'GA-01', category: 'SCALPER', summary: '线索-310104-异地', channel: 'PATROL', targetDepartments: [], ...provenance('310104', 'c9', new Date(Date.UTC(2026, 9, 20))) });
}

/** Rows each region holds in the seed, counting the extra Shanghai clue. */
export function seededClueCount(region: SeedRegion): number {
  return seedCounts.clues + (region === '310104' ? 1 : 0);
}

/**
 * Dead letters for the no-leak sweep: in three of the seed regions, a police
 * event naming that region's person in full (ID number, name, photo
 * reference), kept by source `/police/<region>/x` as the connectors keep it;
 * in 都江堰 also the same event cut off (not JSON); and one with no readable
 * source, for national stewards only. Event ids carry `-<region>-` like
 * every seeded row.
 */
export const seedDeadLetters: ReadonlyArray<{ region: SeedRegion | null; value: string }> = [
  ...(['510181', '510104', '310104'] as const).map((region) => ({ region, value: policeEventOf(region) })),
  { region: '510181', value: policeEventOf('510181').slice(0, -'}}'.length) },
  { region: null, value: policeEventOf('511002').replace(/"source":"[^"]*"/, '"source":"nowhere"') },
];

function policeEventOf(region: SeedRegion): string {
  const person = seedPeople.find((candidate) => candidate.region === region)!;
  return JSON.stringify({
    specversion: '1.0',
    id: `dead-letter-${region}-1`,
    source: `/police/${region}/x`,
    type: 'police.offender.penalized',
    time: '2026-02-30T09:00:00+08:00',
    subject: `person:${person.idNumber}`,
    data: { recordNo: `GA-${region}-dl`, idNumber: person.idNumber, name: person.name, offenseCode: 'GA-01', penalty: '行政拘留五日', decidedAt: '2026-02-01T00:00:00Z', photoRef: person.photoRef },
  });
}

export async function seedGatewayDeadLetters(db: HubDatabase): Promise<void> {
  await db.insert(deadLettersTable).values(
    seedDeadLetters.map(({ region, value }, index) => ({
      topic: 'police.events',
      partition: 0,
      offset: index,
      messageKey: null,
      value: Buffer.from(value),
      headers: { 'content-type': 'application/cloudevents+json' },
      errorCode: region === null ? 'INVALID_SOURCE' : 'INVALID_DATE',
      reason: 'seeded for the no-leak sweep',
      eventSource: region === null ? null : `/police/${region}/x`,
      eventId: region === null ? null : `dead-letter-${region}-${index}`,
    })),
  );
}
