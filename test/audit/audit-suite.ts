import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { asc, count, eq, sql } from 'drizzle-orm';
import type { AuditEntryDraft } from '../../gateway/audit/audit-entry.ts';
import { appendAuditEntries, AuditWriteError } from '../../gateway/audit/append-audit.ts';
import { hashAuditEntry } from '../../gateway/audit/hash-chain.ts';
import { verifyAuditChain } from '../../gateway/audit/verify-audit-chain.ts';
import type { DatabaseHandle, HubDatabase } from '../../schema/db/database.ts';
import { auditLogTable } from '../../schema/tables/audit.ts';

type Handle = DatabaseHandle & { drop?: () => Promise<void> };

export interface AuditSuiteDrivers<H extends Handle> {
  /** The database under test, migrated. */
  open: () => Promise<H>;
  /** Another handle on the same database (its own pool where the driver has pools). */
  openPeer: (main: H) => Promise<DatabaseHandle>;
  /** A handle the test may close, on the same database or a copy. */
  openSpare: (main: H) => Promise<DatabaseHandle>;
}

let drafted = 0;
function draft(overrides: Partial<AuditEntryDraft> = {}): AuditEntryDraft {
  const n = ++drafted;
  return {
    action: 'UNMASKED_READ',
    actor: 'officer-0042',
    agency: 'police:510181',
    operation: 'PersonRecords',
    fieldPath: `person.records.${n % 3}.idNumber`,
    recordId: `offender_records:510181/GA-2026-${String(n).padStart(3, '0')}`,
    purposeBasis: 'CASE_INVESTIGATION',
    purposeReference: `成公（刑）立字〔2026〕${n}号`,
    requestId: `req-${n}`,
    subjectIdNumber: '51018119900101123X',
    ...overrides,
  };
}

const rowsBySeq = (db: HubDatabase) => db.select().from(auditLogTable).orderBy(asc(auditLogTable.seq));

async function rowCount(db: HubDatabase): Promise<number> {
  return (await db.select({ n: count() }).from(auditLogTable))[0]!.n;
}

/** Runs `body` in a transaction that is always rolled back, so tampering stays in the test. */
async function rolledBack(db: HubDatabase, body: (tx: HubDatabase) => Promise<void>): Promise<void> {
  const rollback = Symbol('rollback');
  await assert.rejects(
    db.transaction(async (tx) => {
      await body(tx);
      throw rollback;
    }),
    (error) => error === rollback,
  );
}

/** Changes the log as only a superuser can: with the append-only trigger switched off. */
async function tamper(tx: HubDatabase, statement: ReturnType<typeof sql>): Promise<void> {
  await tx.execute(sql`alter table audit_log disable trigger audit_log_append_only`);
  await tx.execute(statement);
  await tx.execute(sql`alter table audit_log enable trigger audit_log_append_only`);
}

function rootCause(error: unknown): unknown {
  let root = error;
  while (root instanceof Error && root.cause !== undefined) root = root.cause;
  return root;
}

/**
 * The audit log's behaviour, run once per driver (PostgreSQL and PGlite):
 * serialised appends, verification that finds the first broken link, and the
 * append-only trigger.
 */
export function auditSuite<H extends Handle>(driver: string, drivers: AuditSuiteDrivers<H>) {
  describe(`audit log on ${driver}`, () => {
    let handle: H;
    before(async () => {
      handle = await drivers.open();
    });
    after(async () => {
      await (handle?.drop ? handle.drop() : handle?.close());
    });

    test('an empty log verifies intact with no head', async () => {
      assert.deepEqual(await verifyAuditChain(handle.db), { ok: true, checked: 0, head: null, firstBroken: null });
      await appendAuditEntries(handle.db, []);
      assert.equal(await rowCount(handle.db), 0);
    });

    test('20 concurrent appends from two pools make one chain, 1..N, each append contiguous and in order', async () => {
      const peer = await drivers.openPeer(handle);
      try {
        const calls = Array.from({ length: 20 }, (_, call) => Array.from({ length: (call * 7) % 5 + 1 }, () => draft({ operation: `call-${call}` })));
        await Promise.all(calls.map((drafts, call) => appendAuditEntries((call % 2 ? peer : handle).db, drafts)));
        const total = calls.flat().length;
        const rows = await rowsBySeq(handle.db);
        assert.deepEqual(rows.map((row) => row.seq), Array.from({ length: total }, (_, i) => i + 1));
        assert.equal(rows[0]!.prevHash, '0'.repeat(64));
        rows.slice(1).forEach((row, i) => assert.equal(row.prevHash, rows[i]!.hash));
        for (const drafts of calls) {
          const mine = rows.filter((row) => row.operation === drafts[0]!.operation);
          assert.deepEqual(mine.map((row) => row.requestId), drafts.map((d) => d.requestId));
          assert.equal(mine.at(-1)!.seq - mine[0]!.seq, mine.length - 1, 'one append is one run of seqs');
        }
        const report = await verifyAuditChain(handle.db);
        assert.deepEqual(report, { ok: true, checked: total, head: { seq: total, hash: rows.at(-1)!.hash }, firstBroken: null });
      } finally {
        await peer.close();
      }
    });

    test('what is stored reads back as written and verifies: Chinese text, nulls, jsonb detail with reordered keys, the time to the millisecond', async () => {
      const now = new Date('2026-11-25T13:40:36.789Z');
      await appendAuditEntries(
        handle.db,
        [
          draft({ action: 'PHOTO_ACCESS', purposeBasis: null, purposeReference: null, subjectIdNumber: null, operation: 'anonymous' }),
          draft({ action: 'STEWARD_CHANGE', fieldPath: 'grantAccess', detail: { scope: 'clue:read', regions: ['320000', '310000'], 10: 'x', grant: { expires: '2027-01-01', basis: '长三角 "YRD"' } } }),
        ],
        now,
      );
      const rows = (await rowsBySeq(handle.db)).slice(-2);
      assert.equal(rows[0]!.recordedAt.toISOString(), now.toISOString());
      assert.deepEqual([rows[0]!.action, rows[0]!.purposeBasis, rows[0]!.subjectIdNumber, rows[0]!.detail], ['PHOTO_ACCESS', null, null, null]);
      assert.deepEqual(rows[1]!.detail, { scope: 'clue:read', regions: ['320000', '310000'], 10: 'x', grant: { expires: '2027-01-01', basis: '长三角 "YRD"' } });
      assert.equal((await verifyAuditChain(handle.db)).ok, true);
    });

    test('verification reads in batches of batchSize and reports progress', async () => {
      const total = await rowCount(handle.db);
      const progress: number[] = [];
      const report = await verifyAuditChain(handle.db, { batchSize: 7, onProgress: (checked) => progress.push(checked) });
      assert.equal(report.ok, true);
      assert.equal(report.checked, total);
      assert.deepEqual(progress, Array.from({ length: Math.floor(total / 7) + 1 }, (_, i) => Math.min((i + 1) * 7, total)));
      await assert.rejects(verifyAuditChain(handle.db, { batchSize: 0 }), RangeError);
    });

    for (const [column, change] of [
      ['agency', sql`agency = 'police:999999'`],
      ['purpose_reference', sql`purpose_reference = purpose_reference || ' '`],
      ['subject_id_number (set to null)', sql`subject_id_number = null`],
      ['recorded_at (by one microsecond)', sql`recorded_at = recorded_at + interval '1 microsecond'`],
    ] as const) {
      test(`altering ${column} of one row in the middle: HASH_MISMATCH at exactly that row`, async () => {
        const total = await rowCount(handle.db);
        const middle = Math.ceil(total / 2);
        await rolledBack(handle.db, async (tx) => {
          await tamper(tx, sql`update audit_log set ${change} where seq = ${middle}`);
          const report = await verifyAuditChain(tx, { batchSize: 4 });
          assert.deepEqual(report.firstBroken, { seq: middle, reason: 'HASH_MISMATCH' });
          assert.equal(report.ok, false);
          assert.equal(report.checked, middle - 1);
          assert.equal(report.head?.seq, middle - 1);
        });
        assert.equal((await verifyAuditChain(handle.db)).ok, true);
      });
    }

    test('a middle row altered and re-hashed: PREVIOUS_HASH_MISMATCH at the row after it', async () => {
      const middle = Math.ceil((await rowCount(handle.db)) / 2);
      const [row] = await handle.db.select().from(auditLogTable).where(eq(auditLogTable.seq, middle));
      const forged = { ...row!, recordedAt: row!.recordedAt.toISOString(), agency: 'police:999999' };
      await rolledBack(handle.db, async (tx) => {
        await tamper(tx, sql`update audit_log set agency = ${forged.agency}, hash = ${hashAuditEntry(forged.prevHash, forged)} where seq = ${middle}`);
        for (const batchSize of [1, middle, 5000]) {
          const report = await verifyAuditChain(tx, { batchSize });
          assert.deepEqual(report.firstBroken, { seq: middle + 1, reason: 'PREVIOUS_HASH_MISMATCH' }, `batchSize ${batchSize}`);
          assert.equal(report.checked, middle, 'the forged row itself hashes right');
        }
      });
    });

    test('deleting a middle row: SEQUENCE_GAP at the next seq; deleting entry 1: SEQUENCE_GAP at 2', async () => {
      const total = await rowCount(handle.db);
      const middle = Math.ceil(total / 2);
      await rolledBack(handle.db, async (tx) => {
        await tamper(tx, sql`delete from audit_log where seq = ${middle}`);
        for (const batchSize of [1, middle - 1, middle, 5000]) {
          const report = await verifyAuditChain(tx, { batchSize });
          assert.deepEqual(report.firstBroken, { seq: middle + 1, reason: 'SEQUENCE_GAP' }, `batchSize ${batchSize}`);
          assert.equal(report.checked, middle - 1);
        }
      });
      await rolledBack(handle.db, async (tx) => {
        await tamper(tx, sql`delete from audit_log where seq = 1`);
        assert.deepEqual(await verifyAuditChain(tx), { ok: false, checked: 0, head: null, firstBroken: { seq: 2, reason: 'SEQUENCE_GAP' } });
      });
    });

    test('with the trigger on, UPDATE, DELETE and TRUNCATE are refused and the chain stays intact', async () => {
      const statements = [sql`update audit_log set agency = 'police:999999' where seq = 1`, sql`delete from audit_log where seq = 1`, sql`delete from audit_log`, sql`truncate audit_log`];
      for (const statement of statements) {
        await assert.rejects(handle.db.execute(statement), (error) => {
          const root = rootCause(error) as { code?: string; message?: string };
          assert.equal(root.code, '42501');
          assert.match(root.message ?? '', /audit_log is append-only/);
          return true;
        });
      }
      assert.equal((await verifyAuditChain(handle.db)).ok, true);
    });

    test('a statement the database refuses fails the whole append with AuditWriteError, and nothing is written', async () => {
      const before = await rowCount(handle.db);
      const tooLong = [draft(), draft({ subjectIdNumber: '5'.repeat(19) })];
      await assert.rejects(appendAuditEntries(handle.db, tooLong), (error) => {
        assert.ok(error instanceof AuditWriteError);
        assert.equal(error.code, 'AUDIT_WRITE_FAILED');
        assert.equal((rootCause(error) as { code?: string }).code, '22001');
        assert.doesNotMatch(error.message, /5555/, 'the message quotes no audited data');
        return true;
      });
      assert.equal(await rowCount(handle.db), before);
      assert.equal((await verifyAuditChain(handle.db)).ok, true);
    });

    test('on a closed connection the append rejects with AuditWriteError, cause kept', async () => {
      const spare = await drivers.openSpare(handle);
      await spare.close();
      await assert.rejects(appendAuditEntries(spare.db, [draft()]), (error) => {
        assert.ok(error instanceof AuditWriteError);
        assert.equal(error.code, 'AUDIT_WRITE_FAILED');
        assert.ok(error.cause !== undefined);
        return true;
      });
    });
  });
}
