import { AuditWriteError } from '../audit/append-audit.ts';
import type { GatewayContext } from '../context.ts';
import { deadLetterIdsIn, lockDeadLettersByIds, type DeadLetterRecord } from '../data/dead-letters.ts';
import { badUserInput, gatewayError } from '../errors.ts';
import { stewardJurisdiction } from './jurisdiction.ts';
import { MAX_REPLAY_BATCH, ReplayPublishError, replayDeadLetterBatch } from './replay-dead-letters.ts';
import { stewardActor } from './steward-change.ts';

/** What `replayDeadLetters` answers. */
export interface DeadLetterReplayResult {
  /** Distinct ids asked for. */
  requested: number;
  republished: number;
  /** Ids another replay (a steward's or the command's) is sending at this moment: not sent again by this one. */
  skipped: string[];
  /** Ids that do not exist for this steward: unknown, or outside its jurisdiction. */
  notFound: string[];
}

/**
 * A steward's replay of dead letters by id: those in its jurisdiction are
 * sent back to their topics, marked and audited (a dead letter replayed
 * before is sent again: the steward asked for it by id); those another
 * replay holds are skipped; the others count as not found, as if they did
 * not exist.
 */
export async function replayDeadLettersAsSteward(context: GatewayContext, ids: readonly string[]): Promise<DeadLetterReplayResult> {
  const jurisdiction = stewardJurisdiction(context);
  if (ids.length > MAX_REPLAY_BATCH) throw badUserInput('ids', `at most ${MAX_REPLAY_BATCH} dead letters per call; use npm run hub -- replay-dead-letters for more`);
  const wanted = [...new Set(ids)];
  const bad = wanted.find((id) => !/^[1-9][0-9]{0,15}$/.test(id) || !Number.isSafeInteger(Number(id)));
  if (bad !== undefined) throw badUserInput('ids', `${JSON.stringify(bad)} is not a dead letter id`);
  const republish = context.stewardship.republish;
  if (!republish) throw gatewayError('SERVICE_UNAVAILABLE', 'no broker configured: this gateway cannot re-publish dead letters (set KAFKA_BROKERS)');

  const numbers = wanted.map(Number);
  let replayed: DeadLetterRecord[];
  try {
    replayed = await replayDeadLetterBatch(context.db, (tx) => lockDeadLettersByIds(tx, jurisdiction, numbers), republish, { ...stewardActor(context), fieldPath: 'replayDeadLetters' });
  } catch (error) {
    if (error instanceof ReplayPublishError) throw gatewayError('SERVICE_UNAVAILABLE', 'the broker did not take the replayed messages; nothing was marked or recorded, try again shortly', {}, error);
    if (error instanceof AuditWriteError) throw gatewayError('SERVICE_UNAVAILABLE', 'the audit log cannot be written, so nothing was replayed; try again shortly', {}, error);
    throw error;
  }
  const sent = new Set(replayed.map((row) => String(row.id)));
  const existing = new Set((await deadLetterIdsIn(context.db, jurisdiction, numbers)).map(String));
  return {
    requested: wanted.length,
    republished: replayed.length,
    skipped: wanted.filter((id) => existing.has(id) && !sent.has(id)),
    notFound: wanted.filter((id) => !existing.has(id)),
  };
}
