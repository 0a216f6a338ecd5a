import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { count, eq } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import * as t from '../../schema/tables.ts';
import { type IngestHarness, startIngestHarness } from '../support/ingest-harness.ts';
import { kcatPublish } from '../support/kcat.ts';
import { readSampleFeeds } from '../support/samples.ts';
import { snapshotTables } from '../support/table-snapshot.ts';
import { waitFor } from '../support/wait-for.ts';

// Issue #2, tests 1 and 2: every sample event lands once, with the right
// shared category, region and subject links; publishing again changes nothing.

let hub: IngestHarness;
const feeds = readSampleFeeds();
const total = feeds.reduce((sum, feed) => sum + feed.lines.length, 0);

async function publishAllSamples() {
  for (const feed of feeds) {
    await kcatPublish(hub.broker.bootstrap, feed.topic, feed.events.map((event, i) => ({ key: event.subject, value: feed.lines[i]! })));
  }
}

const rowCount = async (table: PgTable) => (await hub.database.db.select({ n: count() }).from(table))[0]?.n ?? 0;

before(async () => {
  hub = await startIngestHarness();
});
after(async () => {
  await hub?.close();
});

test('every sample event lands exactly once', async () => {
  assert.equal(total, 119);
  await publishAllSamples();
  await waitFor('all samples ingested', async () => (await rowCount(t.ingestedEventsTable)) === total);
  const counts = rowCount;
  assert.deepEqual(
    {
      institutions: await counts(t.institutionsTable),
      inspectors: await counts(t.inspectorsTable),
      clues: await counts(t.cluesTable),
      inspections: await counts(t.inspectionsTable),
      penalties: await counts(t.penaltiesTable),
      scoreRecords: await counts(t.scoreRecordsTable),
      caseTransfers: await counts(t.caseTransfersTable),
      caseAcceptances: await counts(t.caseAcceptancesTable),
      insuranceAgreements: await counts(t.insuranceAgreementsTable),
      insuranceAlerts: await counts(t.insuranceAlertsTable),
      businessLicenses: await counts(t.businessLicensesTable),
      taxRatings: await counts(t.taxRatingsTable),
      offenderRecords: await counts(t.offenderRecordsTable),
      deadLetters: await counts(t.deadLettersTable),
      unmappedCodes: await counts(t.unmappedCodesTable),
    },
    {
      institutions: 20,
      inspectors: 10,
      clues: 11,
      inspections: 7,
      penalties: 17, // 5 health + 4 market + 3 tax penalties + 5 confirmed insurance frauds
      scoreRecords: 5,
      caseTransfers: 1,
      caseAcceptances: 1,
      insuranceAgreements: 5,
      insuranceAlerts: 4,
      businessLicenses: 3,
      taxRatings: 20,
      offenderRecords: 15,
      deadLetters: 0,
      unmappedCodes: 0,
    },
  );
});

// The department's own code → the shared category, written out by hand (监管标准互通).
const expectedCategory: Record<string, string> = {
  'WJ-FFXY': 'ILLEGAL_PRACTICE',
  'WJ-XJXC': 'FALSE_ADVERTISING',
  'GA-FFXY': 'ILLEGAL_PRACTICE',
  'GA-YT': 'TOUT',
  'GA-HFZ': 'SCALPER',
  'GA-YN': 'MEDICAL_DISTURBANCE',
  'SJ-XJGG': 'FALSE_ADVERTISING',
  'SJ-JGWF': 'PRICE_VIOLATION',
  'SJ-YPZL': 'DRUG_DEVICE_QUALITY',
  'YB-XJZY': 'INSURANCE_FRAUD',
  'YB-GC': 'INSURANCE_FRAUD',
  'YB-CHYP': 'INSURANCE_FRAUD',
  'SW-TS': 'TAX_VIOLATION',
  'SW-XKFP': 'TAX_VIOLATION',
};

test('clues, results and identity records carry the shared category, the reporting region and the subject', async () => {
  const db = hub.database.db;
  for (const feed of feeds) {
    for (const event of feed.events) {
      const region = event.source.split('/')[2];
      const data = event.data as Record<string, any>;
      if (event.type.endsWith('.clue.reported')) {
        const [row] = await db.select().from(t.cluesTable).where(eq(t.cluesTable.clueId, data.clueId));
        assert.ok(row, `clue ${data.clueId}`);
        assert.equal(row.category, expectedCategory[data.violationCode]);
        assert.equal(row.region, region);
        assert.equal(row.department, event.type.split('.')[0]);
        assert.equal(row.subjectUscc, data.subject.uscc ?? null);
        assert.equal(row.subjectIdNumber, data.subject.idNumber ?? null);
      } else if (event.type.endsWith('.penalty.decided') || event.type === 'insurance.fraud.confirmed') {
        const decisionNo = data.decisionNo ?? data.caseNo;
        const [row] = await db.select().from(t.penaltiesTable).where(eq(t.penaltiesTable.decisionNo, decisionNo));
        assert.ok(row, `result ${decisionNo}`);
        assert.equal(row.category, expectedCategory[data.violationCode]);
        assert.equal(row.region, region);
        assert.equal(row.subjectUscc, data.uscc ?? data.subject.uscc);
        assert.equal(Number(row.amountYuan), data.fineYuan ?? data.amountYuan);
        assert.equal(row.resultKind, event.type === 'insurance.fraud.confirmed' ? 'FRAUD_CONFIRMED' : 'PENALTY');
      } else if (event.type === 'police.offender.penalized') {
        const [row] = await db.select().from(t.offenderRecordsTable).where(eq(t.offenderRecordsTable.recordNo, data.recordNo));
        assert.ok(row, `offender record ${data.recordNo}`);
        assert.equal(row.category, expectedCategory[data.offenseCode]);
        assert.equal(row.idNumber, data.idNumber);
        assert.equal(row.hospitalUscc, data.hospitalUscc);
        assert.equal(row.region, region);
      }
    }
  }
  const [transfer] = await db.select().from(t.caseTransfersTable);
  const [acceptance] = await db.select().from(t.caseAcceptancesTable);
  assert.equal(transfer?.caseNo, 'YXXJ-510181-1');
  assert.equal(acceptance?.caseNo, transfer?.caseNo, 'the police acceptance matches the health transfer by case number');
  const [institution] = await db.select().from(t.institutionsTable).where(eq(t.institutionsTable.uscc, '9162080200010103X1'));
  assert.equal(institution?.institutionRegion, '620802');
  assert.equal(institution?.name, '平凉市崆峒区安康医疗美容门诊部');
});

test('publishing every sample again changes no row', async () => {
  const before = await snapshotTables(hub.database.db);
  const duplicatesBefore = hub.counters.duplicates;
  await publishAllSamples();
  await waitFor('republished samples consumed', async () => hub.counters.duplicates - duplicatesBefore === total);
  assert.deepEqual(await snapshotTables(hub.database.db), before);
  assert.equal(await rowCount(t.ingestedEventsTable), total);
});
