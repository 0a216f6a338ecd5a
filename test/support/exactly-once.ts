import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import type { HubDatabase } from '../../schema/db/database.ts';

export interface PublishedMessage {
  topic: string;
  key: string;
  value: string;
  /** Whether the hub must accept it (false: it must be dead-lettered). */
  valid: boolean;
}

/** Fact tables (first-wins) and the event types that write one row each into them. */
const factTables: Record<string, string[]> = {
  clues: ['health.clue.reported', 'police.clue.reported'],
  penalties: ['health.penalty.decided', 'market.penalty.decided', 'tax.penalty.decided', 'insurance.fraud.confirmed'],
  inspections: ['health.inspection.completed'],
  score_records: ['health.score.recorded'],
  offender_records: ['police.offender.penalized'],
  insurance_alerts: ['insurance.alert.raised'],
};

const rowsOf = async <T>(db: HubDatabase, query: string) => (await db.execute(sql.raw(query))) as unknown as { rows: T[] };

/**
 * Asserts that every accepted event of `published` is stored exactly once
 * and that dead letters hold exactly the bad ones: the ledger holds each
 * good event's (source, id) once and no other; each fact table holds one
 * row per good event of its types and no event twice; the dead letters are
 * the bad messages' bytes, each once.
 */
export async function assertExactlyOnce(db: HubDatabase, published: readonly PublishedMessage[]): Promise<void> {
  const good = published.filter((m) => m.valid).map((m) => JSON.parse(m.value) as { source: string; id: string; type: string });
  const bad = published.filter((m) => !m.valid).map((m) => m.value);

  const ledger = await rowsOf<{ key: string }>(db, `SELECT source || ' ' || event_id AS key FROM ingested_events`);
  const expected = good.map((e) => `${e.source} ${e.id}`).sort();
  assert.equal(new Set(expected).size, expected.length, 'the published good events have distinct (source, id)');
  assert.deepEqual(ledger.rows.map((r) => r.key).sort(), expected, 'the ledger holds every good event once and nothing else');

  const deadLetters = await rowsOf<{ value: Buffer | null }>(db, `SELECT value FROM dead_letters`);
  assert.deepEqual(deadLetters.rows.map((r) => r.value?.toString('utf8') ?? '').sort(), [...bad].sort(), 'dead letters are the bad messages, each once');

  for (const [table, types] of Object.entries(factTables)) {
    const stats = await rowsOf<{ rows: string; events: string }>(db, `SELECT count(*) AS rows, count(DISTINCT (event_source, event_id)) AS events FROM ${table}`);
    const want = good.filter((e) => types.includes(e.type)).length;
    assert.equal(Number(stats.rows[0]!.rows), want, `${table}: one row per accepted event`);
    assert.equal(Number(stats.rows[0]!.events), want, `${table}: no event written twice`);
  }
}
