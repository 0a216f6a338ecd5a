import { text, timestamp, varchar } from 'drizzle-orm/pg-core';

/**
 * Columns every ingested row carries: which event wrote it and in whose
 * jurisdiction it falls. `region` is the reporting agency's 6-digit
 * administrative division code, taken from the event `source`; the gateway
 * filters rows on it.
 */
export const provenance = () => ({
  region: varchar('region', { length: 6 }).notNull(),
  eventSource: text('event_source').notNull(),
  eventId: text('event_id').notNull(),
  eventTime: timestamp('event_time', { withTimezone: true }).notNull(),
});

/** Who a fact is about: an institution (USCC) or a person (resident ID number and name). */
export const subjectLink = () => ({
  subjectKind: varchar('subject_kind', { length: 16 }).notNull().$type<SubjectKind>(),
  subjectUscc: varchar('subject_uscc', { length: 18 }),
  subjectIdNumber: varchar('subject_id_number', { length: 18 }),
  /** Personal data when the subject is a person: masked by the gateway. */
  subjectName: text('subject_name'),
});

export type SubjectKind = 'institution' | 'person';

/** A department's own violation code and the shared category it maps onto (监管标准互通). */
export const violation = () => ({
  violationCode: text('violation_code').notNull(),
  category: varchar('category', { length: 32 }).notNull(),
});
