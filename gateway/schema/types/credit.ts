import type { TaxRatingRecord } from '../../data/subject-facts.ts';
import { builder } from '../builder.ts';
import { ScoreRecordRef, SubjectRef } from '../refs.ts';
import { subjectOfRecord } from '../subject-key.ts';

/** Bad-practice score points (不良执业行为记分). Needs `credit:read`. */
ScoreRecordRef.implement({
  authScopes: { scope: 'credit:read' },
  fields: (t) => ({
    points: t.exposeInt('points'),
    reason: t.exposeString('reason'),
    cycle: t.exposeString('cycle'),
    region: t.exposeString('region'),
    recordedAt: t.field({ type: 'DateTime', resolve: (record) => record.eventTime }),
    subject: t.field({ type: SubjectRef, resolve: (record) => subjectOfRecord(record, `score_records:${record.id}`, record.purpose) }),
  }),
});

/** Taxpayer credit rating (纳税信用等级). Needs `credit:read`. */
export const TaxRating = builder.objectRef<TaxRatingRecord>('TaxRating').implement({
  authScopes: { scope: 'credit:read' },
  fields: (t) => ({
    year: t.exposeInt('year'),
    rating: t.exposeString('rating', { description: 'A, B, M, C or D' }),
    region: t.exposeString('region'),
  }),
});
