import { findPublishedPenalties, type ResultRecord } from '../../data/results.ts';
import { builder } from '../builder.ts';
import { checkedPaging, connectionOf } from '../connection.ts';
import { checkedRegion, DepartmentEnum, SharedCategoryEnum, SubjectKindEnum } from '../inputs.ts';
import { institutionByUscc } from './institution.ts';

/** A published penalty (信息公开). Public; a penalised person is never named, only an institution is. */
export const PublicPenalty = builder.objectRef<ResultRecord>('PublicPenalty').implement({
  authScopes: { public: true },
  fields: (t) => ({
    decisionNo: t.exposeString('decisionNo'),
    department: t.field({ type: DepartmentEnum, resolve: (penalty) => penalty.department as never }),
    region: t.exposeString('region'),
    category: t.field({ type: SharedCategoryEnum, resolve: (penalty) => penalty.category as never }),
    penaltyKinds: t.exposeStringList('penaltyKinds'),
    amountYuan: t.exposeString('amountYuan'),
    decidedAt: t.field({ type: 'DateTime', resolve: (penalty) => penalty.decidedAt }),
    subjectKind: t.field({ type: SubjectKindEnum, resolve: (penalty) => penalty.subjectKind }),
    institution: t.loadable({
      ...institutionByUscc((penalty: ResultRecord) => (penalty.subjectKind === 'institution' ? penalty.subjectUscc : null)),
      description: 'The penalised institution; null when the subject is a person',
    }),
  }),
});

builder.queryField('publicPenalties', (t) =>
  t.connection(
    {
    nullable: true,
    type: PublicPenalty,
    description: 'Published penalties, newest first; no token needed',
    authScopes: { public: true },
    args: { region: t.arg.string({ description: 'Region code; a province or city code covers everything under it' }) },
    resolve: async (_root, args, context) => {
      const { first, after } = checkedPaging(args);
      const page = await findPublishedPenalties(context.db, checkedRegion(args.region, 'region'), first, after);
      return connectionOf(page);
    },
    },
    { fields: (c) => ({ totalCount: c.int({ resolve: (connection) => connection.countAll() }) }) },
  ),
);
