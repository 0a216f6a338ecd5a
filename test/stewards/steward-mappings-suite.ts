import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { connectors } from '../../connectors/index.ts';
import type { Connector } from '../../connectors/contract/connector.ts';
import { decodeMessage } from '../../connectors/runtime/decode-message.ts';
import { storeBatch } from '../../connectors/runtime/sink/store-batch.ts';
import { listUnmappedCodes } from '../../gateway/stewardship/unmapped-codes.ts';
import type { DatabaseHandle, HubDatabase } from '../../schema/db/database.ts';
import { readIngestStats } from '../../schema/queries/ingest-stats.ts';
import { reclassifyRecords } from '../../schema/stewardship/reclassify-records.ts';
import { CODE_MAPPING_LOCK_SPACE, codeMappingLockKey, findStewardMappings, lockCodeExclusive, lockCodesShared } from '../../schema/stewardship/steward-mappings.ts';
import * as t from '../../schema/tables.ts';
import type { SharedCategory } from '../../schema/vocabulary/categories.ts';
import { readSampleFeeds } from '../support/samples.ts';

type Event = Record<string, any>;
const health = connectors.find((c) => c.department === 'health')!;
const police = connectors.find((c) => c.department === 'police')!;
const [healthFeed, policeFeed] = readSampleFeeds();
const sample = (feed: typeof healthFeed, type: string) => feed!.events.find((e) => e.type === type) as Event;
const clue = sample(healthFeed, 'health.clue.reported');
const penalty = sample(healthFeed, 'health.penalty.decided');
const transfer = sample(healthFeed, 'health.case.transferred');
const offender = sample(policeFeed, 'police.offender.penalized');
const policeClue = sample(policeFeed, 'police.clue.reported');

let offset = 0;
function consumed(connector: Connector, events: Event[]) {
  return events.map((event) =>
    decodeMessage(connector, { topic: connector.topic, partition: 0, offset: String(offset++), key: null, value: Buffer.from(JSON.stringify(event)), headers: {} }),
  );
}

/** Sample events re-numbered so each is a new fact, carrying `code`. */
const healthFacts = (code: string, n: string) => [
  { ...clue, id: `clue-${n}`, data: { ...clue.data, clueId: `XS-${n}`, violationCode: code } },
  { ...penalty, id: `penalty-${n}`, data: { ...penalty.data, decisionNo: `卫医罚〔2027〕${n}号`, violationCode: code } },
  { ...transfer, id: `transfer-${n}`, data: { ...transfer.data, caseNo: `YXXJ-${n}`, violationCode: code } },
];
const policeFacts = (code: string, n: string) => [
  { ...offender, id: `offender-${n}`, data: { ...offender.data, recordNo: `GA-${n}`, offenseCode: code } },
  { ...policeClue, id: `police-clue-${n}`, data: { ...policeClue.data, clueId: `GAXS-${n}`, violationCode: code } },
];

async function insertMapping(db: HubDatabase, department: string, code: string, version: number, category: SharedCategory) {
  await db.insert(t.codeMappingsTable).values({ department, code, version, category, label: '测试', mappedBy: 'steward-test', mappedByAgency: 'health:510000', reclassified: 0 });
}

async function categoriesOf(db: HubDatabase, code: string) {
  const pick = async (table: typeof t.cluesTable | typeof t.penaltiesTable | typeof t.caseTransfersTable | typeof t.offenderRecordsTable, name: string) =>
    (await db.select({ category: table.category, source: table.eventSource }).from(table).where(eq(table.violationCode, code))).map((row) => `${name}:${row.source.split('/')[1]}:${row.category}`);
  return [
    ...(await pick(t.cluesTable, 'clues')),
    ...(await pick(t.penaltiesTable, 'penalties')),
    ...(await pick(t.caseTransfersTable, 'case_transfers')),
    ...(await pick(t.offenderRecordsTable, 'offender_records')),
  ].sort();
}

/** The code-mapping advisory locks in pg_locks that match `where`, by key. */
async function codeLocksOf(db: HubDatabase, where: SQL) {
  const result = await db.execute(sql`select objid, mode, granted from pg_locks where locktype = 'advisory' and classid = ${CODE_MAPPING_LOCK_SPACE} and objsubid = 2 and ${where}`);
  return (result as unknown as { rows: { objid: number | string; mode: string; granted: boolean }[] }).rows
    .map((row) => ({ key: Number(row.objid), mode: row.mode, granted: row.granted }))
    .sort((a, b) => a.key - b.key);
}

async function occurrencesOf(db: HubDatabase, department: string, code: string) {
  const [row] = await db.select().from(t.unmappedCodesTable).where(and(eq(t.unmappedCodesTable.department, department), eq(t.unmappedCodesTable.code, code)));
  return row?.occurrences;
}

/**
 * Steward mappings at ingest and re-classification of stored rows, run once
 * per driver (PostgreSQL and PGlite): the advisory locks and statements
 * must work on both.
 */
export function stewardMappingsSuite(driver: string, open: () => Promise<DatabaseHandle & { drop?: () => Promise<void> }>) {
  describe(`steward mappings on ${driver}`, () => {
    let handle: Awaited<ReturnType<typeof open>>;
    before(async () => {
      handle = await open();
    });
    after(async () => {
      await (handle?.drop ? handle.drop() : handle?.close());
    });

    test('ingest gives OTHER rows the category a steward mapped their code onto, and counts only the codes still unmapped', async () => {
      await insertMapping(handle.db, 'health', 'WJ-S1', 1, 'MEDICAL_WASTE');
      await insertMapping(handle.db, 'health', 'WJ-S1', 2, 'QUALITY_SAFETY');
      const result = await storeBatch(handle.db, consumed(health, [...healthFacts('WJ-S1', '1'), ...healthFacts('WJ-S2', '2')]));
      assert.equal(result.ingested, 6);
      assert.deepEqual(await categoriesOf(handle.db, 'WJ-S1'), ['case_transfers:health:QUALITY_SAFETY', 'clues:health:QUALITY_SAFETY', 'penalties:health:QUALITY_SAFETY'], 'the highest version is in force');
      assert.deepEqual(await categoriesOf(handle.db, 'WJ-S2'), ['case_transfers:health:OTHER', 'clues:health:OTHER', 'penalties:health:OTHER']);
      assert.equal(await occurrencesOf(handle.db, 'health', 'WJ-S1'), undefined);
      assert.equal(await occurrencesOf(handle.db, 'health', 'WJ-S2'), 3);
      // A mapping is per department: the same code from police is still unmapped there.
      await storeBatch(handle.db, consumed(police, policeFacts('WJ-S1', '3')));
      assert.deepEqual((await categoriesOf(handle.db, 'WJ-S1')).filter((row) => row.includes(':police:')), ['clues:police:OTHER', 'offender_records:police:OTHER']);
      assert.equal(await occurrencesOf(handle.db, 'police', 'WJ-S1'), 2);
    });

    test('the in-force mappings are looked up for a set of codes at once', async () => {
      // Its own codes: nothing here depends on what another test stored or mapped.
      await insertMapping(handle.db, 'health', 'WJ-F1', 1, 'MEDICAL_WASTE');
      await insertMapping(handle.db, 'health', 'WJ-F1', 2, 'QUALITY_SAFETY');
      await insertMapping(handle.db, 'health', 'WJ-F2', 1, 'BRIBERY');
      await insertMapping(handle.db, 'tax', 'WJ-F1', 1, 'TAX_VIOLATION');
      const found = await findStewardMappings(handle.db, [
        { department: 'health', code: 'WJ-F1' },
        { department: 'health', code: 'WJ-F1' },
        { department: 'police', code: 'WJ-F1' },
        { department: 'health', code: 'WJ-F3' },
        { department: 'tax', code: 'WJ-F1' },
      ]);
      assert.deepEqual(
        [...found.values()].sort((a, b) => a.department.localeCompare(b.department)),
        [
          { department: 'health', code: 'WJ-F1', version: 2, category: 'QUALITY_SAFETY' },
          { department: 'tax', code: 'WJ-F1', version: 1, category: 'TAX_VIOLATION' },
        ],
        'the highest version, per department; unmapped and unasked codes absent',
      );
      assert.deepEqual(await findStewardMappings(handle.db, []), new Map());
    });

    test('the steward list of unmapped codes and hub stats read the same mappings in force', async () => {
      await handle.db.insert(t.unmappedCodesTable).values([
        { department: 'market', code: 'SJ-U1', occurrences: 2 },
        { department: 'market', code: 'SJ-U2', occurrences: 5 },
      ]);
      await insertMapping(handle.db, 'market', 'SJ-U1', 1, 'PRICE_VIOLATION');
      await insertMapping(handle.db, 'market', 'SJ-U1', 2, 'FALSE_ADVERTISING');
      const stillUnmapped = (await readIngestStats(handle.db)).unmappedCodes.filter((row) => row.department === 'market').map((row) => row.code);
      const listed = (await listUnmappedCodes(handle.db, { includeMapped: false })).filter((row) => row.department === 'market').map((row) => row.code);
      assert.deepEqual(stillUnmapped, ['SJ-U2']);
      assert.deepEqual(listed, stillUnmapped);
      const withMapped = (await listUnmappedCodes(handle.db, { includeMapped: true })).filter((row) => row.department === 'market');
      assert.deepEqual(withMapped.map((row) => [row.code, row.mapping?.version, row.mapping?.category]), [['SJ-U2', undefined, undefined], ['SJ-U1', 2, 'FALSE_ADVERTISING']]);
    });

    test('re-classification rewrites the rows of one department in every table with violation columns', async () => {
      await storeBatch(handle.db, consumed(health, healthFacts('X-RC', '4')));
      await storeBatch(handle.db, consumed(police, policeFacts('X-RC', '5')));
      const healthChange = await handle.db.transaction(async (tx) => {
        await lockCodeExclusive(tx, { department: 'health', code: 'X-RC' });
        return reclassifyRecords(tx, { department: 'health', code: 'X-RC', category: 'ILLEGAL_BLOOD' });
      });
      assert.deepEqual(healthChange, { total: 3, byTable: { clues: 1, penalties: 1, case_transfers: 1, offender_records: 0 } });
      const policeChange = await reclassifyRecords(handle.db, { department: 'police', code: 'X-RC', category: 'TOUT' });
      assert.deepEqual(policeChange, { total: 2, byTable: { clues: 1, penalties: 0, case_transfers: 0, offender_records: 1 } });
      assert.deepEqual(await categoriesOf(handle.db, 'X-RC'), [
        'case_transfers:health:ILLEGAL_BLOOD',
        'clues:health:ILLEGAL_BLOOD',
        'clues:police:TOUT',
        'offender_records:police:TOUT',
        'penalties:health:ILLEGAL_BLOOD',
      ]);
      // Nothing left to change: the count is of rows that changed.
      assert.equal((await reclassifyRecords(handle.db, { department: 'health', code: 'X-RC', category: 'ILLEGAL_BLOOD' })).total, 0);
    });

    test('shared locks of many codes and an exclusive lock of another are held together until the transaction ends', async () => {
      const key = (department: string, code: string) => codeMappingLockKey(department, code) >>> 0; // pg_locks shows the key as an oid
      const held = await handle.db.transaction(async (tx) => {
        await lockCodesShared(tx, [
          { department: 'health', code: 'A' },
          { department: 'tax', code: 'B' },
          { department: 'health', code: 'A' },
        ]);
        await lockCodeExclusive(tx, { department: 'market', code: 'C' });
        return codeLocksOf(tx, sql`pid = pg_backend_pid()`);
      });
      assert.deepEqual(
        held,
        [
          { key: key('health', 'A'), mode: 'ShareLock', granted: true },
          { key: key('tax', 'B'), mode: 'ShareLock', granted: true },
          { key: key('market', 'C'), mode: 'ExclusiveLock', granted: true },
        ].sort((a, b) => a.key - b.key),
        'one shared lock per distinct code, the exclusive one beside them',
      );
      assert.deepEqual(await codeLocksOf(handle.db, sql`database = (select oid from pg_database where datname = current_database())`), [], 'all released at commit');
    });
  });
}
