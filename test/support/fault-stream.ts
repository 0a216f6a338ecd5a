import { count } from 'drizzle-orm';
import { connectors } from '../../connectors/index.ts';
import { createKafkaClient, measureLag } from '../../connectors/runtime/kafka.ts';
import { defaultGroupId } from '../../connectors/runtime/run-connectors.ts';
import { generateEvents } from '../../hub/demo/generate-events.ts';
import type { HubDatabase } from '../../schema/db/database.ts';
import * as t from '../../schema/tables.ts';
import type { PublishedMessage } from './exactly-once.ts';
import { quietLog } from './ingest-harness.ts';
import { waitFor } from './wait-for.ts';

/** What the ingest fault tests publish: the generated mix over five topics, one event in nine bad. */
export function faultStream(seed: string, facts: number): PublishedMessage[] {
  return [...generateEvents({ facts, badEvery: 9, seed, institutionsPerRegion: 8, inspectorsPerRegion: 2 })];
}

export const ledgerCount = async (db: HubDatabase) => (await db.select({ n: count() }).from(t.ingestedEventsTable))[0]!.n;

const groups = connectors.map((c) => ({ groupId: defaultGroupId(c), topic: c.topic }));

/** Waits until the connectors consumed everything (lag 0 on every group, asked of the broker itself) and the ledger holds every good event. */
export async function caughtUp(bootstrap: string, db: HubDatabase, published: readonly PublishedMessage[], timeoutMs: number): Promise<void> {
  const kafka = createKafkaClient({ brokers: [bootstrap], clientId: 'fault-test-observer', log: quietLog });
  const good = published.filter((m) => m.valid).length;
  await waitFor('every group caught up and every good event stored', async () => (await ledgerCount(db)) === good && (await measureLag(kafka, groups)).every((g) => g.lag === 0), timeoutMs, 500);
}
