import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { count, eq } from 'drizzle-orm';
import { connectors } from '../../connectors/index.ts';
import type { Connector } from '../../connectors/contract/connector.ts';
import { decodeMessage } from '../../connectors/runtime/decode-message.ts';
import { storeBatch } from '../../connectors/runtime/sink/store-batch.ts';
import type { DatabaseHandle } from '../../schema/db/database.ts';
import { readIngestStats } from '../../schema/queries/ingest-stats.ts';
import * as t from '../../schema/tables.ts';
import { readSampleFeeds } from '../support/samples.ts';
import { snapshotTables } from '../support/table-snapshot.ts';

type Event = Record<string, any>;
const health = connectors.find((c) => c.department === 'health')!;
const feeds = readSampleFeeds();
const healthFeed = feeds[0]!;
const institution = healthFeed.events.find((e) => e.type === 'health.institution.registered') as Event;
const penalty = healthFeed.events.find((e) => e.type === 'health.penalty.decided') as Event;

let offset = 0;
/** Decodes events as if consumed from `connector`'s topic, at fresh offsets. */
function consumed(connector: Connector, values: (Event | string)[]) {
  return values.map((value) =>
    decodeMessage(connector, {
      topic: connector.topic,
      partition: 0,
      offset: String(offset++),
      key: null,
      value: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
      headers: {},
    }),
  );
}

/**
 * The storage layer's behaviour, run once per driver (PostgreSQL and PGlite)
 * so the same tables and queries are proven on both.
 */
export function sinkSuite(driver: string, open: () => Promise<DatabaseHandle & { drop?: () => Promise<void> }>) {
  describe(`storage on ${driver}`, () => {
    let handle: Awaited<ReturnType<typeof open>>;
    before(async () => {
      handle = await open();
    });
    after(async () => {
      await (handle?.drop ? handle.drop() : handle?.close());
    });

    test('a batch of every sample is stored in one go, and storing it again changes nothing', async () => {
      let ingested = 0;
      for (const feed of feeds) {
        const connector = connectors.find((c) => c.topic === feed.topic)!;
        ingested += (await storeBatch(handle.db, consumed(connector, feed.events as Event[]))).ingested;
      }
      assert.equal(ingested, 119);
      const before = await snapshotTables(handle.db);
      for (const feed of feeds) {
        const connector = connectors.find((c) => c.topic === feed.topic)!;
        const again = await storeBatch(handle.db, consumed(connector, feed.events as Event[]));
        assert.equal(again.ingested, 0);
        assert.equal(again.duplicates, feed.events.length);
      }
      assert.deepEqual(await snapshotTables(handle.db), before);
    });

    test('the same event twice in one batch is stored once', async () => {
      const event = { ...penalty, id: 'twice-in-a-batch', data: { ...penalty.data, decisionNo: '卫医罚〔2026〕900号' } };
      const result = await storeBatch(handle.db, consumed(health, [event, event]));
      assert.deepEqual([result.ingested, result.duplicates], [1, 1]);
      assert.equal((await handle.db.select({ n: count() }).from(t.penaltiesTable).where(eq(t.penaltiesTable.decisionNo, '卫医罚〔2026〕900号')))[0]!.n, 1);
    });

    test('directory state follows the newest event time, whatever order events arrive in', async () => {
      const newer = { ...institution, id: 'rename-newer', type: 'health.institution.changed', time: '2026-06-01T00:00:00Z', data: { ...institution.data, name: '新名称医院' } };
      const older = { ...institution, id: 'rename-older', type: 'health.institution.changed', time: '2026-03-01T00:00:00Z', data: { ...institution.data, name: '旧名称医院' } };
      await storeBatch(handle.db, consumed(health, [newer]));
      await storeBatch(handle.db, consumed(health, [older]));
      const [row] = await handle.db.select().from(t.institutionsTable).where(eq(t.institutionsTable.uscc, institution.data.uscc));
      assert.equal(row?.name, '新名称医院');
      // And inside one batch the same rule applies.
      const newest = { ...newer, id: 'rename-newest', time: '2026-07-01T00:00:00Z', data: { ...institution.data, name: '最新名称医院' } };
      await storeBatch(handle.db, consumed(health, [newest, { ...older, id: 'rename-older-2' }]));
      const [again] = await handle.db.select().from(t.institutionsTable).where(eq(t.institutionsTable.uscc, institution.data.uscc));
      assert.equal(again?.name, '最新名称医院');
    });

    test('two changes stamped with the same instant settle the same way whatever their order', async () => {
      const at = '2026-08-01T00:00:00Z';
      const change = (id: string, name: string) => ({ ...institution, id, type: 'health.institution.changed', time: at, data: { ...institution.data, name } });
      // Ties are broken by (source, id): `tie-b` wins over `tie-a` in either order and either path.
      await storeBatch(handle.db, consumed(health, [change('tie-b', '乙名称医院')]));
      await storeBatch(handle.db, consumed(health, [change('tie-a', '甲名称医院')]));
      const [acrossBatches] = await handle.db.select().from(t.institutionsTable).where(eq(t.institutionsTable.uscc, institution.data.uscc));
      assert.equal(acrossBatches?.name, '乙名称医院');
      await storeBatch(handle.db, consumed(health, [change('tie-d', '丁名称医院'), change('tie-c', '丙名称医院')].reverse()));
      const [inOneBatch] = await handle.db.select().from(t.institutionsTable).where(eq(t.institutionsTable.uscc, institution.data.uscc));
      assert.equal(inOneBatch?.name, '丁名称医院');
    });

    test('a decided fact is recorded once: a second event with the same decision number does not rewrite it', async () => {
      const rewrite = { ...penalty, id: 'rewrite-attempt', data: { ...penalty.data, fineYuan: 1 } };
      const result = await storeBatch(handle.db, consumed(health, [rewrite]));
      assert.equal(result.ingested, 1, 'the event itself is new to the ledger');
      const [row] = await handle.db.select().from(t.penaltiesTable).where(eq(t.penaltiesTable.decisionNo, penalty.data.decisionNo));
      assert.equal(Number(row?.amountYuan), penalty.data.fineYuan);
    });

    test('the same decision number from another region is another decision', async () => {
      const elsewhere = { ...penalty, id: 'same-number-other-region', source: penalty.source.replace(/\/\d{6}\//, '/620802/'), data: { ...penalty.data, fineYuan: 777 } };
      await storeBatch(handle.db, consumed(health, [elsewhere]));
      const rows = await handle.db.select().from(t.penaltiesTable).where(eq(t.penaltiesTable.decisionNo, penalty.data.decisionNo));
      assert.deepEqual(rows.map((r) => [r.region, Number(r.amountYuan)]).sort(), [['510181', penalty.data.fineYuan], ['620802', 777]]);
    });

    test('jsonb columns come back as the arrays that went in', async () => {
      const inspection = healthFeed.events.find((e) => e.type === 'health.inspection.completed') as Event;
      const [row] = await handle.db.select().from(t.inspectionsTable).where(eq(t.inspectionsTable.inspectionId, inspection.data.inspectionId));
      assert.deepEqual(row?.inspectorIds, inspection.data.inspectorIds);
      assert.deepEqual(row?.findings, []);
    });

    test('an unmapped department code is stored verbatim as OTHER and counted', async () => {
      const events = [1, 2, 3].map((i) => ({ ...penalty, id: `unmapped-${i}`, data: { ...penalty.data, decisionNo: `卫医罚〔2026〕95${i}号`, violationCode: 'WJ-2027-NEW' } }));
      await storeBatch(handle.db, consumed(health, events.slice(0, 2)));
      await storeBatch(handle.db, consumed(health, events));
      const [row] = await handle.db.select().from(t.penaltiesTable).where(eq(t.penaltiesTable.decisionNo, '卫医罚〔2026〕951号'));
      assert.deepEqual([row?.violationCode, row?.category], ['WJ-2027-NEW', 'OTHER']);
      const [counted] = await handle.db.select().from(t.unmappedCodesTable).where(eq(t.unmappedCodesTable.code, 'WJ-2027-NEW'));
      assert.equal(counted?.occurrences, 3, 'each new event counted once, replays not');
    });

    test('a dead letter is recorded once per topic position, with its code', async () => {
      const rejected = consumed(health, ['not json at all']);
      await storeBatch(handle.db, rejected);
      await storeBatch(handle.db, rejected);
      const rows = await handle.db.select().from(t.deadLettersTable).where(eq(t.deadLettersTable.offset, Number(rejected[0]!.message.offset)));
      assert.equal(rows.length, 1);
      assert.equal(rows[0]!.errorCode, 'NOT_JSON');
      assert.equal(rows[0]!.value?.toString(), 'not json at all');
    });

    test('the stats report counts rows per table, events per topic and dead letters per code', async () => {
      const stats = await readIngestStats(handle.db);
      assert.equal(stats.rowsPerTable.find((r) => r.table === 'tax_ratings')?.rows, 20);
      assert.equal(stats.ingestedPerTopic.find((r) => r.topic === 'police.events')?.events, 17);
      assert.deepEqual(stats.deadLettersPerCode, [{ topic: 'health.events', errorCode: 'NOT_JSON', messages: 1 }]);
      assert.deepEqual(stats.unmappedCodes, [{ department: 'health', code: 'WJ-2027-NEW', occurrences: 3 }]);
    });
  });
}
