import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { connectProducer, createKafkaClient, type MessageProducer } from '../../connectors/runtime/kafka.ts';
import { appendAuditEntries } from '../../gateway/audit/append-audit.ts';
import type { AuditEntryDraft } from '../../gateway/audit/audit-entry.ts';
import { readAuditHead } from '../../gateway/audit/audit-head.ts';
import { verifyAuditChain } from '../../gateway/audit/verify-audit-chain.ts';
import { AUDIT_HEAD_TOPIC, startAuditHeadPublisher } from '../../hub/audit-head-publisher.ts';
import { startEmbeddedBroker, type EmbeddedBroker } from '../../hub/embedded-broker.ts';
import { kcatReadAll } from '../support/kcat.ts';
import { quietLog } from '../support/ingest-harness.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { waitFor } from '../support/wait-for.ts';

// The audit chain head copied to hub.audit, read back with kcat as an auditor outside the hub would:
// deleting the newest entries leaves no gap in the chain, but it leaves a head older than the copy.

let database: TestDatabase;
let broker: EmbeddedBroker;
let producer: MessageProducer;
before(async () => {
  database = await createTestDatabase();
  broker = await startEmbeddedBroker();
  producer = await connectProducer(createKafkaClient({ brokers: [broker.bootstrap], clientId: 'audit-head-test', log: quietLog }));
});
after(async () => {
  await producer.disconnect();
  await broker.stop();
  await database.drop();
});

const draft = (n: number): AuditEntryDraft => ({ action: 'UNMASKED_READ', actor: 'officer-1', agency: 'police:510181', operation: 'Q', fieldPath: 'PersonIdentity.idNumber person.identity.idNumber', recordId: `r-${n}`, purposeBasis: 'INSPECTION', purposeReference: '检-1', requestId: `req-${n}`, subjectIdNumber: null });

async function publishedHeads(): Promise<Array<{ seq: number; hash: string }>> {
  return (await kcatReadAll(broker.bootstrap, AUDIT_HEAD_TOPIC)).map((record) => {
    const { seq, hash } = JSON.parse(record.value) as { seq: number; hash: string };
    return { seq, hash };
  });
}

test('the head is published when it moves, once per position, and a truncated chain is caught against the copy', async () => {
  await appendAuditEntries(database.db, [draft(1), draft(2), draft(3)]);
  const publisher = startAuditHeadPublisher({ db: database.db, producer, intervalMs: 100, log: quietLog });
  try {
    await waitFor('head 3 on hub.audit', async () => (await publishedHeads()).some((head) => head.seq === 3));
    await appendAuditEntries(database.db, [draft(4), draft(5)]);
    await waitFor('head 5 on hub.audit', async () => (await publishedHeads()).some((head) => head.seq === 5));
    await sleep(500);
  } finally {
    await publisher.stop();
  }
  const heads = await publishedHeads();
  assert.deepEqual(heads.map((head) => head.seq), [3, 5], 'published when it moved, not at every tick');
  assert.deepEqual(heads.at(-1), await readAuditHead(database.db));

  // Someone removes the two newest entries: the chain itself still verifies…
  await database.db.execute(sql`alter table audit_log disable trigger audit_log_append_only`);
  await database.db.execute(sql`delete from audit_log where seq > 3`);
  await database.db.execute(sql`alter table audit_log enable trigger audit_log_append_only`);
  const report = await verifyAuditChain(database.db);
  assert.equal(report.ok, true);
  // …but its head is no longer the head the outside copy holds.
  assert.notDeepEqual(report.head, heads.at(-1));
  assert.ok(report.head!.seq < heads.at(-1)!.seq);
});
