import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { createRepublisher } from '../connectors/runtime/kafka.ts';
import { describeError } from '../schema/db/describe-error.ts';
import { countWaitingDeadLetters, lockNextWaitingDeadLetters, newestDeadLetterId, type DeadLetterRecord, type ReplaySelection } from '../gateway/data/dead-letters.ts';
import { MAX_REPLAY_BATCH, replayDeadLetterBatch, type Replayer } from '../gateway/stewardship/replay-dead-letters.ts';
import type { HubConfig } from './config.ts';
import type { HubLogger } from './logger.ts';
import { openHubDatabase } from './open-hub-database.ts';

export const REPLAY_HELP = `Usage: npm run hub -- replay-dead-letters --topic <topic> [--error-code <code>] [--limit <n>] [--yes]

Sends dead letters of one topic that were not replayed yet back to that topic,
oldest first, ${MAX_REPLAY_BATCH} at a time, with their original key, bytes and headers plus
hub-replay-of: <dead letter id>. Each one is marked replayed and recorded in
the audit log as a STEWARD_CHANGE by cli:<your user name>, in the transaction
that sends it; those a steward is replaying at the same moment are left to
that steward. An event that is accepted now is ingested (once: the ledger
recognises a second copy); one that fails again becomes a new dead letter
linked to the old one, and is not replayed again by this run.

  --topic <topic>        the topic they were consumed from, e.g. health.events
  --error-code <code>    only dead letters with this code, e.g. STORE_REJECTED
  --limit <n>            at most n dead letters
  --yes                  replay; without it, only say how many would be

Needs KAFKA_BROKERS (the embedded broker lives inside a running hub: there,
use the replayDeadLetters mutation) and DATABASE_URL (or the stopped hub's
PGlite folder).
`;

/** `npm run hub -- replay-dead-letters`: bulk replay with a progress line per chunk; exit 0 when done, 1 on failure, 2 on bad usage. */
export async function runReplayDeadLetters(args: string[], config: HubConfig, log: HubLogger): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { topic: { type: 'string' }, 'error-code': { type: 'string' }, limit: { type: 'string' }, yes: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    process.stdout.write(REPLAY_HELP);
    return 0;
  }
  const limit = values.limit === undefined ? Number.POSITIVE_INFINITY : Number(values.limit);
  const problems = [
    values.topic ? null : '--topic is required',
    Number.isInteger(limit) || limit === Number.POSITIVE_INFINITY ? (limit >= 1 ? null : '--limit must be at least 1') : '--limit must be a whole number',
    config.kafkaBrokers ? null : 'KAFKA_BROKERS must name the cluster to replay to (the embedded broker lives inside a running hub: use the replayDeadLetters mutation there)',
  ].filter((problem) => problem !== null);
  if (problems.length > 0) {
    process.stderr.write(`${problems.join('\n')}\n\n${REPLAY_HELP}`);
    return 2;
  }
  const selection: ReplaySelection = { topic: values.topic!, errorCode: values['error-code'] ?? null };
  const what = `dead letters of ${selection.topic}${selection.errorCode ? ` with code ${selection.errorCode}` : ''}`;

  const database = await openHubDatabase(config, { migrate: false });
  const republisher = createRepublisher({ brokers: config.kafkaBrokers!, clientId: 'supervision-hub-replay-cli', log });
  try {
    // Up to the newest dead letter now: replays that fail again during this run are new rows, not taken up again.
    const upToId = await newestDeadLetterId(database.db);
    const total = Math.min(limit, await countWaitingDeadLetters(database.db, selection, upToId));
    if (!values.yes) {
      process.stdout.write(`${total} ${what} would be replayed; run again with --yes to replay them\n`);
      return 0;
    }
    const replayer: Replayer = { actor: `cli:${osUser()}`, agency: 'hub-cli', operation: 'replay-dead-letters', requestId: randomUUID(), fieldPath: 'replay-dead-letters' };
    let replayed = 0;
    let afterId = 0;
    while (replayed < total) {
      const chunk = Math.min(MAX_REPLAY_BATCH, total - replayed);
      let rows: DeadLetterRecord[];
      try {
        rows = await replayDeadLetterBatch(database.db, (tx) => lockNextWaitingDeadLetters(tx, selection, afterId, upToId, chunk), (messages) => republisher.send(messages), replayer);
      } catch (error) {
        // A failed query's message quotes its parameters: the safe description only.
        process.stderr.write(`stopped after ${replayed}/${total}: ${describeError(error)}\n`);
        return 1;
      }
      if (rows.length === 0) break; // a steward replayed (or is replaying) the rest meanwhile
      replayed += rows.length;
      afterId = rows.at(-1)!.id;
      process.stdout.write(`replayed ${replayed}/${total}\n`);
    }
    process.stdout.write(`done: ${replayed} ${what} re-published, marked and audited\n`);
    return 0;
  } finally {
    await republisher.close();
    await database.close();
  }
}

/** Who runs the command, for the audit log; a container without a user entry still has a uid. */
function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return `uid-${process.getuid?.() ?? 'unknown'}`;
  }
}
