import { bigint, bigserial, customType, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, varchar } from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

/**
 * The ingested-event ledger: one row per accepted CloudEvent, unique on
 * (`source`, `id`), so a redelivered or republished event changes nothing.
 */
export const ingestedEventsTable = pgTable(
  'ingested_events',
  {
    source: text('source').notNull(),
    eventId: text('event_id').notNull(),
    type: text('type').notNull(),
    topic: text('topic').notNull(),
    partition: integer('partition').notNull(),
    offset: bigint('offset', { mode: 'number' }).notNull(),
    ingestedAt: timestamp('ingested_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.source, t.eventId] }), index('ingested_events_topic_idx').on(t.topic)],
);
export type IngestedEventRow = typeof ingestedEventsTable.$inferInsert;

/** Messages that could not be accepted, with their original bytes and headers. */
export const deadLettersTable = pgTable(
  'dead_letters',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    topic: text('topic').notNull(),
    partition: integer('partition').notNull(),
    offset: bigint('offset', { mode: 'number' }).notNull(),
    messageKey: bytea('message_key'),
    value: bytea('value'),
    headers: jsonb('headers').$type<Record<string, string>>().notNull(),
    errorCode: varchar('error_code', { length: 48 }).notNull(),
    reason: text('reason').notNull(),
    eventSource: text('event_source'),
    eventId: text('event_id'),
    deadLetteredAt: timestamp('dead_lettered_at', { withTimezone: true }).notNull().defaultNow(),
    /** The dead letter this message was a steward's replay of (header `hub-replay-of`): it failed again. */
    replayOf: bigint('replay_of', { mode: 'number' }),
    /** When and by whom it was last re-published to its topic. */
    replayedAt: timestamp('replayed_at', { withTimezone: true }),
    replayedBy: text('replayed_by'),
    replayCount: integer('replay_count').notNull().default(0),
  },
  (t) => [
    uniqueIndex('dead_letters_position_key').on(t.topic, t.partition, t.offset),
    index('dead_letters_error_code_idx').on(t.errorCode),
  ],
);
export type DeadLetterRow = typeof deadLettersTable.$inferInsert;

/** Department codes with no shared category yet: stored as OTHER, counted here for stewards. */
export const unmappedCodesTable = pgTable(
  'unmapped_codes',
  {
    department: varchar('department', { length: 16 }).notNull(),
    code: text('code').notNull(),
    occurrences: integer('occurrences').notNull(),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.department, t.code] })],
);
export type UnmappedCodeRow = typeof unmappedCodesTable.$inferInsert;
