import type { GraphQLResolveInfo } from 'graphql';
import { maskIdNumbersIn } from '../../../schema/identifiers/index.ts';
import { maskEventText, PHOTO_REF_PLACEHOLDER } from '../../access/mask-event-text.ts';
import type { GatewayContext } from '../../context.ts';
import { findDeadLetters, type DeadLetterRecord } from '../../data/dead-letters.ts';
import { gatewayError } from '../../errors.ts';
import { stewardJurisdiction } from '../../stewardship/jurisdiction.ts';
import { stewardActor } from '../../stewardship/steward-change.ts';
import { replayDeadLettersAsSteward, type DeadLetterReplayResult } from '../../stewardship/steward-replay.ts';
import { builder } from '../builder.ts';
import { checkedPaging, connectionOf } from '../connection.ts';
import { fieldPath } from '../field-path.ts';

// Messages the connectors could not accept (`<topic>.dlq`), as stewards inspect and replay them.

const UTF8 = new TextDecoder('utf-8');

const DeadLetter = builder.objectRef<DeadLetterRecord>('DeadLetter').implement({
  description: 'A message a connector could not accept, kept with its original bytes and headers',
  authScopes: { scope: 'steward' },
  fields: (t) => ({
    id: t.id({ resolve: (row) => String(row.id) }),
    topic: t.exposeString('topic', { description: 'The topic it was consumed from' }),
    partition: t.exposeInt('partition'),
    offset: t.string({ resolve: (row) => String(row.offset) }),
    errorCode: t.exposeString('errorCode', { description: 'The stable code, as in the x-hub-error header' }),
    reason: t.string({ description: 'Names the field and the rule, never the value', resolve: (row) => maskIdNumbersIn(row.reason) }),
    eventSource: t.string({ nullable: true, description: 'ID numbers in it are masked', resolve: (row) => (row.eventSource === null ? null : maskIdNumbersIn(row.eventSource)) }),
    eventId: t.string({ nullable: true, description: 'ID numbers in it are masked', resolve: (row) => (row.eventId === null ? null : maskIdNumbersIn(row.eventId)) }),
    deadLetteredAt: t.expose('deadLetteredAt', { type: 'DateTime' }),
    replayOf: t.id({ nullable: true, description: 'The dead letter this one is a failed replay of', resolve: (row) => (row.replayOf === null ? null : String(row.replayOf)) }),
    replayedAt: t.expose('replayedAt', { type: 'DateTime', nullable: true }),
    replayedBy: t.exposeString('replayedBy', { nullable: true }),
    replayCount: t.exposeInt('replayCount'),
    event: t.string({
      nullable: true,
      description: `The original message value as UTF-8 text, its personal data masked: ID numbers (also inside any text) and names as everywhere else, photo references replaced by ${PHOTO_REF_PLACEHOLDER}. JSON comes back compact. Each read is recorded in the audit log (DEAD_LETTER_READ), once for each person whose ID number it holds.`,
      resolve: (row, _args, context, info) => auditedEvent(row, context, info),
    }),
  }),
});

/**
 * The event with its personal data masked, returned only once its
 * DEAD_LETTER_READ entries are written — one per person it names, so each
 * one's access report shows the read — and withheld (SERVICE_UNAVAILABLE) if
 * they cannot be. Masked, the entries still matter: the steward saw what
 * record of that person failed, when and from where.
 */
async function auditedEvent(row: DeadLetterRecord, context: GatewayContext, info: GraphQLResolveInfo): Promise<string | null> {
  if (row.value === null) return null;
  const masked = maskEventText(UTF8.decode(row.value));
  const subjects = masked.idNumbers.length > 0 ? masked.idNumbers : [null];
  const steward = stewardActor(context);
  const read = { action: 'DEAD_LETTER_READ', fieldPath: fieldPath(info), recordId: `dead_letters:${row.id}`, detail: { topic: row.topic, errorCode: row.errorCode } } as const;
  try {
    await Promise.all(subjects.map((subjectIdNumber) => context.recordRead({ ...read, subjectIdNumber }, steward)));
  } catch (error) {
    throw gatewayError('SERVICE_UNAVAILABLE', 'the audit record for this read could not be written, so the event is withheld; try again later', {}, error);
  }
  return masked.text;
}

const DeadLetterConnection = builder.connectionObject<typeof DeadLetter, { countAll(): Promise<number> }>({
  type: DeadLetter,
  name: 'DeadLetterConnection',
  fields: (t) => ({ totalCount: t.int({ resolve: (connection) => connection.countAll() }) }),
});

const DeadLetterReplay = builder.objectRef<DeadLetterReplayResult>('DeadLetterReplay').implement({
  authScopes: { scope: 'steward' },
  fields: (t) => ({
    requested: t.exposeInt('requested', { description: 'Distinct ids asked for' }),
    republished: t.exposeInt('republished', { description: 'Sent back to their topics, marked replayed and audited, all in one transaction' }),
    skipped: t.idList({ description: 'Being replayed by another request (a steward or the replay command) at this moment, so not sent again by this one', resolve: (result) => result.skipped }),
    notFound: t.idList({ description: "Unknown, or outside the steward's jurisdiction", resolve: (result) => result.notFound }),
  }),
});

builder.queryField('deadLetters', (t) =>
  t.field({
    type: DeadLetterConnection,
    description: "Dead letters in the steward's jurisdiction (by the region in the event's source), newest first; those not replayed yet unless includeReplayed",
    authScopes: { scope: 'steward' },
    args: {
      topic: t.arg.string({ description: 'The topic consumed from, e.g. health.events' }),
      errorCode: t.arg.string({ description: 'e.g. INVALID_USCC' }),
      includeReplayed: t.arg.boolean({ defaultValue: false }),
      first: t.arg.int({ defaultValue: 20 }),
      after: t.arg.string(),
    },
    resolve: async (_root, args, context) => {
      const jurisdiction = stewardJurisdiction(context);
      const { first, after } = checkedPaging(args);
      const page = await findDeadLetters(context.db, jurisdiction, { topic: args.topic, errorCode: args.errorCode, includeReplayed: args.includeReplayed }, first, after);
      return connectionOf(page);
    },
  }),
);

builder.mutationField('replayDeadLetters', (t) =>
  t.field({
    type: DeadLetterReplay,
    description: "Sends dead letters back to their topics with their original key, bytes and headers (plus hub-replay-of), at most 500 per call; those another replay is sending at this moment are skipped, those outside the steward's jurisdiction count as not found",
    authScopes: { scope: 'steward' },
    args: { ids: t.arg.idList({ required: true }) },
    resolve: (_root, args, context) => replayDeadLettersAsSteward(context, args.ids.map(String)),
  }),
);
