import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { and, count, desc, eq, sql } from 'drizzle-orm';
import { createRepublisher, type Republisher } from '../../connectors/runtime/kafka.ts';
import { createAuditAppender } from '../../gateway/audit/audit-appender.ts';
import { openDatabase } from '../../schema/db/open-database.ts';
import { maskName } from '../../schema/identifiers/index.ts';
import * as t from '../../schema/tables.ts';
import { startGatewayHarness, type GatewayHarness, type GraphQLBody } from '../support/gateway-harness.ts';
import { quietLog, startIngestHarness, type IngestHarness } from '../support/ingest-harness.ts';
import { kcatPublish, kcatReadAll } from '../support/kcat.ts';
import { readSampleFeeds } from '../support/samples.ts';
import { waitFor } from '../support/wait-for.ts';

// Dead letters end to end, with the real broker (events published and read back with kcat) and
// real PostgreSQL: stewards list them within their jurisdiction, read the original event (audited),
// and replay them. A replay that is accepted now is ingested; one still bad lands back as a new
// dead letter linked to the original — and nothing replays it again.

type Event = Record<string, any>;
const [health] = readSampleFeeds();
const sample = (type: string, region: string) => health!.events.find((e) => e.type === type && e.source.includes(`/${region}/`)) as Event;
let n = 0;
const fresh = (event: Event, patch: (copy: Event) => void) => {
  const copy = structuredClone(event);
  copy.id = `steward-dlq-${n++}`;
  patch(copy);
  return JSON.stringify(copy);
};

/** The bad inputs, each on health.events: two from 都江堰 (四川), one from Shanghai, one with no readable source. */
const inputs = {
  // Still bad on replay: the check character is wrong.
  badUscc: fresh(sample('health.institution.registered', '510181'), (e) => {
    e.data.uscc = e.data.uscc.slice(0, 17) + (e.data.uscc.endsWith('A') ? 'B' : 'A');
    e.subject = `institution:${e.data.uscc}`;
  }),
  // Valid, but refused by the database until the "bug" (a trigger) is fixed: fixable by replay.
  refused: fresh(sample('health.clue.reported', '510181'), (e) => {
    e.data.clueId = 'XS-replay-refused';
    e.data.summary = 'REFUSED-UNTIL-FIXED';
  }),
  // Refused by the envelope itself (an impossible time), yet its source and region can be read.
  shanghai: fresh(sample('health.clue.reported', '310104'), (e) => {
    e.time = '2026-02-30T09:00:00+08:00';
  }),
  notJson: '{"specversion":"1.0","id":"cut-off',
};
type Input = keyof typeof inputs;

let hub: IngestHarness;
let republisher: Republisher;
let gateway: GatewayHarness;
const ids = {} as Record<Input, string>;
let tokens: Record<'national' | 'sichuan' | 'shanghai' | 'officer', string>;

const codes = (body: GraphQLBody) => (body.errors ?? []).map((e) => e.extensions?.code);
const deadLetterCount = async () => (await hub.database.db.select({ n: count() }).from(t.deadLettersTable))[0]!.n;

const LIST = `query List($topic: String, $errorCode: String, $includeReplayed: Boolean, $first: Int, $after: String) {
  deadLetters(topic: $topic, errorCode: $errorCode, includeReplayed: $includeReplayed, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id topic partition offset errorCode reason eventSource eventId deadLetteredAt replayOf replayedAt replayedBy replayCount } }
  }
}`;
const REPLAY = 'mutation Replay($ids: [ID!]!) { replayDeadLetters(ids: $ids) { requested republished skipped notFound } }';

interface DeadLetterNode {
  id: string;
  errorCode: string;
  eventSource: string | null;
  replayOf: string | null;
  replayedAt: string | null;
  replayedBy: string | null;
  replayCount: number;
  event?: string | null;
}
interface DeadLetterPage {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: Array<{ node: DeadLetterNode }>;
}

async function list(token: string, variables: Record<string, unknown> = {}, harness = gateway): Promise<DeadLetterPage> {
  const { body } = await harness.query(LIST, { token, variables: { first: 100, ...variables } });
  assert.deepEqual(body.errors, undefined);
  return (body.data as { deadLetters: DeadLetterPage }).deadLetters;
}

before(async () => {
  hub = await startIngestHarness();
  republisher = createRepublisher({ brokers: [hub.broker.bootstrap], clientId: 'hub-test-replay', log: quietLog });
  gateway = await startGatewayHarness(hub.database.db, { republish: (messages) => republisher.send(messages) });
  tokens = {
    national: await gateway.tokenFor('health:000000', ['steward']),
    sichuan: await gateway.tokenFor('health:510000', ['steward']),
    shanghai: await gateway.tokenFor('health:310000', ['steward']),
    officer: await gateway.tokenFor('health:510181', ['clue:read', 'result:read', 'identity:read']),
  };
  // The "bug": the database refuses this clue though it passed its contract.
  await hub.database.db.execute(
    sql.raw(`create function refuse_until_fixed() returns trigger language plpgsql as $$ begin
      if new.summary = 'REFUSED-UNTIL-FIXED' then raise exception 'refused' using errcode = '23514'; end if; return new; end $$;
      create trigger refuse_until_fixed before insert on clues for each row execute function refuse_until_fixed();`),
  );
  for (const [name, value] of Object.entries(inputs)) {
    await kcatPublish(hub.broker.bootstrap, 'health.events', [{ key: name, value }], { 'content-type': 'application/cloudevents+json', 'x-region-system': 'steward-test' });
  }
  await waitFor('four dead letters', async () => (await deadLetterCount()) === 4);
  for (const row of await hub.database.db.select().from(t.deadLettersTable)) ids[row.messageKey!.toString() as Input] = String(row.id);
});

after(async () => {
  gateway?.close();
  await republisher?.close();
  await hub?.close();
});

describe('deadLetters', () => {
  test('newest first with their codes, only within the steward’s jurisdiction (the region in the event source), counts included', async () => {
    const national = await list(tokens.national);
    assert.equal(national.totalCount, 4);
    // Newest by the time each was dead-lettered (its batch's transaction time, to the microsecond), then by id: not id order alone,
    // since batches of different partitions commit in their own transactions.
    const newestFirst = await hub.database.db.select({ id: t.deadLettersTable.id }).from(t.deadLettersTable).orderBy(desc(t.deadLettersTable.deadLetteredAt), desc(t.deadLettersTable.id));
    assert.deepEqual(national.edges.map((e) => e.node.id), newestFirst.map((row) => String(row.id)), 'newest first');
    const byId = new Map(national.edges.map((e) => [e.node.id, e.node]));
    assert.equal(byId.get(ids.badUscc)!.errorCode, 'INVALID_USCC');
    assert.equal(byId.get(ids.refused)!.errorCode, 'STORE_REJECTED');
    assert.equal(byId.get(ids.shanghai)!.errorCode, 'INVALID_DATE');
    assert.match(byId.get(ids.shanghai)!.eventSource!, /^\/health\/310104\//);
    assert.equal(byId.get(ids.notJson)!.errorCode, 'NOT_JSON');
    assert.equal(byId.get(ids.notJson)!.eventSource, null);

    const sichuan = await list(tokens.sichuan);
    assert.deepEqual(sichuan.edges.map((e) => e.node.id).sort(), [ids.badUscc, ids.refused].sort());
    assert.equal(sichuan.totalCount, 2);
    const shanghai = await list(tokens.shanghai);
    assert.deepEqual(shanghai.edges.map((e) => e.node.id), [ids.shanghai], 'another province; a message with no readable source is for national stewards only');
    assert.equal(shanghai.totalCount, 1);

    assert.deepEqual((await list(tokens.sichuan, { errorCode: 'INVALID_USCC' })).edges.map((e) => e.node.id), [ids.badUscc]);
    assert.equal((await list(tokens.national, { topic: 'police.events' })).totalCount, 0);
    const first = await list(tokens.national, { first: 3 });
    assert.equal(first.pageInfo.hasNextPage, true);
    const rest = await list(tokens.national, { first: 3, after: first.pageInfo.endCursor });
    assert.deepEqual([...first.edges, ...rest.edges].map((e) => e.node.id), national.edges.map((e) => e.node.id), 'pages make up the list');
    assert.equal(rest.pageInfo.hasNextPage, false);
  });

  test('the original event as text with personal data masked, each read recorded as DEAD_LETTER_READ before it is returned', async () => {
    const auditedReads = async () => (await hub.database.db.select().from(t.auditLogTable).where(eq(t.auditLogTable.action, 'DEAD_LETTER_READ'))).map((row) => row.recordId).sort();
    await list(tokens.sichuan);
    assert.deepEqual(await auditedReads(), [], 'listing without the event records nothing');

    const { body } = await gateway.query('query Inspect { deadLetters(first: 10) { edges { node { id event } } } }', { token: tokens.sichuan });
    assert.deepEqual(body.errors, undefined);
    const events = new Map((body.data as { deadLetters: DeadLetterPage }).deadLetters.edges.map((e) => [e.node.id, e.node.event]));
    // The text of the original JSON with every `name` masked: in a message that failed its contract, an
    // institution's name cannot be told from a person's. Nothing else here is personal.
    const badUscc = JSON.parse(inputs.badUscc);
    assert.deepEqual(JSON.parse(events.get(ids.badUscc)!), { ...badUscc, data: { ...badUscc.data, name: maskName(badUscc.data.name) } });
    assert.equal(events.get(ids.refused), inputs.refused, 'no personal data: the text as sent');
    assert.deepEqual(await auditedReads(), [`dead_letters:${ids.badUscc}`, `dead_letters:${ids.refused}`].sort());
    const [entry] = await hub.database.db.select().from(t.auditLogTable).where(and(eq(t.auditLogTable.action, 'DEAD_LETTER_READ'), eq(t.auditLogTable.recordId, `dead_letters:${ids.badUscc}`)));
    assert.equal(entry!.agency, 'health:510000');
    assert.equal(entry!.operation, 'Inspect');
    assert.match(entry!.fieldPath, /^DeadLetter\.event deadLetters\.edges\.\d\.node\.event$/);

    // Stewards find these reads in the audit log too.
    const audit = await gateway.query('{ auditLog(filter: { action: DEAD_LETTER_READ }) { totalCount } }', { token: tokens.sichuan });
    assert.equal((audit.body.data as { auditLog: { totalCount: number } }).auditLog.totalCount, 2);
  });

  test('an event whose audit record cannot be written is withheld: null with SERVICE_UNAVAILABLE, the rest still arrives', async () => {
    // The real appender, writing to a database the server refuses (SQLSTATE 3D000), while the reads succeed.
    const unreachable = new URL(hub.database.url);
    unreachable.pathname = '/hub_test_no_such_database';
    const auditDatabase = await openDatabase({ driver: 'postgres', url: unreachable.toString(), poolSize: 1 }, { migrate: false });
    const failing = await startGatewayHarness(hub.database.db, { audit: createAuditAppender(auditDatabase.db) });
    try {
      const { body } = await failing.query('{ deadLetters(errorCode: "INVALID_USCC") { edges { node { id errorCode event } } } }', { token: await failing.tokenFor('health:510000', ['steward']) });
      assert.ok(!JSON.stringify(body).includes('specversion'), 'no event text');
      assert.deepEqual(codes(body), ['SERVICE_UNAVAILABLE']);
      assert.deepEqual(body.errors![0]!.path, ['deadLetters', 'edges', 0, 'node', 'event']);
      assert.deepEqual((body.data as { deadLetters: DeadLetterPage }).deadLetters.edges.map((e) => e.node), [{ id: ids.badUscc, errorCode: 'INVALID_USCC', event: null }]);
    } finally {
      failing.close();
      await auditDatabase.close();
    }
  });

  test('only stewards: another token is FORBIDDEN and no token UNAUTHENTICATED, for the list and for replay', async () => {
    for (const [document, variables] of [[LIST, { first: 5 }], [REPLAY, { ids: [ids.badUscc] }]] as const) {
      const officer = await gateway.query(document, { token: tokens.officer, variables });
      assert.deepEqual(codes(officer.body), ['FORBIDDEN']);
      assert.equal(officer.body.data, null);
      const anonymous = await gateway.query(document, { variables });
      assert.deepEqual(codes(anonymous.body), ['UNAUTHENTICATED']);
    }
    assert.equal((await hub.database.db.select().from(t.deadLettersTable).where(sql`${t.deadLettersTable.replayedAt} is not null`)).length, 0, 'nothing replayed');
  });

  test('replay refuses bad ids, more than 500, and answers SERVICE_UNAVAILABLE where no broker is configured', async () => {
    const tooMany = await gateway.query(REPLAY, { token: tokens.national, variables: { ids: Array.from({ length: 501 }, (_, i) => String(i + 1)) } });
    assert.deepEqual(codes(tooMany.body), ['BAD_USER_INPUT']);
    assert.equal(tooMany.body.errors![0]!.extensions!.argument, 'ids');
    const notAnId = await gateway.query(REPLAY, { token: tokens.national, variables: { ids: ['abc'] } });
    assert.deepEqual(codes(notAnId.body), ['BAD_USER_INPUT']);

    const brokerless = await startGatewayHarness(hub.database.db);
    try {
      const { body } = await brokerless.query(REPLAY, { token: await brokerless.tokenFor('health:000000', ['steward']), variables: { ids: [ids.badUscc] } });
      assert.deepEqual(codes(body), ['SERVICE_UNAVAILABLE']);
      assert.match(body.errors![0]!.message, /no broker configured/);
    } finally {
      brokerless.close();
    }
    const [row] = await hub.database.db.select().from(t.deadLettersTable).where(eq(t.deadLettersTable.id, Number(ids.badUscc)));
    assert.equal(row!.replayCount, 0, 'nothing marked');
  });

  test('replay: the fixed event is ingested, the still-bad one comes back as a new dead letter linked to it, and nothing replays it again', async () => {
    await hub.database.db.execute(sql.raw('drop trigger refuse_until_fixed on clues')); // the fix
    const { body } = await gateway.query(REPLAY, { token: tokens.sichuan, variables: { ids: [ids.badUscc, ids.refused, ids.shanghai, ids.notJson, '987654'] } });
    assert.deepEqual(body.errors, undefined);
    assert.deepEqual((body.data as { replayDeadLetters: unknown }).replayDeadLetters, {
      requested: 5,
      republished: 2,
      skipped: [],
      notFound: [ids.shanghai, ids.notJson, '987654'],
    });

    const [clue] = await waitFor('the fixed event ingested', async () => {
      const rows = await hub.database.db.select().from(t.cluesTable).where(eq(t.cluesTable.clueId, 'XS-replay-refused'));
      return rows.length === 1 ? rows : undefined;
    });
    assert.equal(clue!.summary, 'REFUSED-UNTIL-FIXED');
    const [again] = await waitFor('the still-bad event dead-lettered again', async () => {
      const rows = await hub.database.db.select().from(t.deadLettersTable).where(eq(t.deadLettersTable.replayOf, Number(ids.badUscc)));
      return rows.length === 1 ? rows : undefined;
    });
    assert.equal(again!.errorCode, 'INVALID_USCC');
    assert.equal(again!.value!.toString(), inputs.badUscc, 'the same bytes');
    assert.equal(again!.headers['x-region-system'], 'steward-test', 'with its original headers');
    assert.equal(again!.headers['hub-replay-of'], ids.badUscc);

    // Through GraphQL: the originals are marked and hidden by default; the new one waits, linked.
    const waiting = await list(tokens.sichuan);
    assert.deepEqual(waiting.edges.map((e) => ({ id: e.node.id, replayOf: e.node.replayOf, replayCount: e.node.replayCount })), [{ id: String(again!.id), replayOf: ids.badUscc, replayCount: 0 }]);
    const everything = new Map((await list(tokens.sichuan, { includeReplayed: true })).edges.map((e) => [e.node.id, e.node]));
    for (const id of [ids.badUscc, ids.refused]) {
      const original = everything.get(id)!;
      assert.equal(original.replayCount, 1);
      assert.equal(original.replayedBy, 'dev-health-officer');
      assert.ok(original.replayedAt);
    }
    const [shanghaiRow] = await hub.database.db.select().from(t.deadLettersTable).where(eq(t.deadLettersTable.id, Number(ids.shanghai)));
    assert.equal(shanghaiRow!.replayedAt, null, 'outside the jurisdiction: untouched');

    // One STEWARD_CHANGE entry per dead letter replayed.
    const changes = await hub.database.db.select().from(t.auditLogTable).where(and(eq(t.auditLogTable.action, 'STEWARD_CHANGE'), eq(t.auditLogTable.fieldPath, 'replayDeadLetters')));
    assert.deepEqual(changes.map((c) => c.recordId).sort(), [`dead_letters:${ids.badUscc}`, `dead_letters:${ids.refused}`].sort());
    assert.ok(changes.every((c) => c.agency === 'health:510000' && c.operation === 'Replay'));

    // On the broker: the replays on health.events carry hub-replay-of; the failed one is on the DLQ with it.
    const onTopic = (await kcatReadAll(hub.broker.bootstrap, 'health.events')).filter((r) => r.headers['hub-replay-of']);
    assert.deepEqual(onTopic.map((r) => r.headers['hub-replay-of']).sort(), [ids.badUscc, ids.refused].sort());
    assert.ok(onTopic.every((r) => r.headers['x-region-system'] === 'steward-test' && r.headers['content-type'] === 'application/cloudevents+json'));
    const dlq = await kcatReadAll(hub.broker.bootstrap, 'health.events.dlq');
    assert.ok(dlq.some((r) => r.headers['hub-replay-of'] === ids.badUscc && r.headers['x-hub-error'] === 'INVALID_USCC' && r.value === inputs.badUscc));

    // No loop: nothing replays the new dead letter by itself.
    await sleep(3_000);
    assert.equal(await deadLetterCount(), 5);
    assert.equal((await kcatReadAll(hub.broker.bootstrap, 'health.events')).filter((r) => r.headers['hub-replay-of']).length, 2);
    const ledger = await hub.database.db.select({ n: count() }).from(t.ingestedEventsTable).where(eq(t.ingestedEventsTable.eventId, JSON.parse(inputs.refused).id));
    assert.equal(ledger[0]!.n, 1);
  });
});
