import { AuditWriteError } from '../audit/append-audit.ts';
import type { GatewayContext } from '../context.ts';
import { deadLettersByIds } from '../data/dead-letters.ts';
import { badUserInput, gatewayError } from '../errors.ts';
import { stewardJurisdiction } from './jurisdiction.ts';
import { MAX_REPLAY_BATCH, ReplayPublishError, replayDeadLetterRows } from './replay-dead-letters.ts';

/** What `replayDeadLetters` answers. */
export interface DeadLetterReplayResult {
  /** Distinct ids asked for. */
  requested: number;
  republished: number;
  /** Ids that do not exist for this steward: unknown, or outside its jurisdiction. */
  notFound: string[];
}

/**
 * A steward's replay of dead letters by id: those in its jurisdiction are
 * sent back to their topics, marked and audited; the others count as not
 * found, as if they did not exist.
 */
export async function replayDeadLettersAsSteward(context: GatewayContext, ids: readonly string[]): Promise<DeadLetterReplayResult> {
  const jurisdiction = stewardJurisdiction(context);
  const caller = context.access.caller!;
  if (ids.length > MAX_REPLAY_BATCH) throw badUserInput('ids', `at most ${MAX_REPLAY_BATCH} dead letters per call; use npm run hub -- replay-dead-letters for more`);
  const wanted = [...new Set(ids)];
  const bad = wanted.find((id) => !/^[1-9][0-9]{0,15}$/.test(id) || !Number.isSafeInteger(Number(id)));
  if (bad !== undefined) throw badUserInput('ids', `${JSON.stringify(bad)} is not a dead letter id`);
  const republish = context.stewardship.republish;
  if (!republish) throw gatewayError('SERVICE_UNAVAILABLE', 'no broker configured: this gateway cannot re-publish dead letters (set KAFKA_BROKERS)');

  const rows = await deadLettersByIds(context.db, jurisdiction, wanted.map(Number));
  const found = new Set(rows.map((row) => String(row.id)));
  try {
    await replayDeadLetterRows(context.db, rows, republish, {
      actor: caller.subject,
      agency: caller.agency,
      operation: context.operation,
      requestId: context.requestId,
      fieldPath: 'replayDeadLetters',
      stewardRegion: caller.region,
    });
  } catch (error) {
    if (error instanceof ReplayPublishError) throw gatewayError('SERVICE_UNAVAILABLE', 'the broker did not take the replayed messages; nothing was marked, try again shortly', {}, error);
    if (error instanceof AuditWriteError) {
      throw gatewayError('SERVICE_UNAVAILABLE', 'the messages were re-published but their replay could not be recorded; a second replay is harmless (accepted events are recognised)', {}, error);
    }
    throw error;
  }
  return { requested: wanted.length, republished: rows.length, notFound: wanted.filter((id) => !found.has(id)) };
}
