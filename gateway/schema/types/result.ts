import { findResults } from '../../data/results.ts';
import { builder } from '../builder.ts';
import { checkedPaging, connectionOf } from '../connection.ts';
import { checkedFilter, DepartmentEnum, ResultFilterInput, ResultKindEnum, SharedCategoryEnum } from '../inputs.ts';
import { ResultRef, SubjectRef } from '../refs.ts';
import { subjectOfRecord } from '../subject-key.ts';

/** A result (处理结果): a penalty decision or confirmed insurance fraud. Internal: needs `result:read`. */
ResultRef.implement({
  authScopes: { scope: 'result:read' },
  fields: (t) => ({
    decisionNo: t.exposeString('decisionNo', { description: '决定书文号' }),
    department: t.field({ type: DepartmentEnum, resolve: (result) => result.department as never }),
    region: t.exposeString('region', { description: "The deciding agency's region" }),
    kind: t.field({ type: ResultKindEnum, resolve: (result) => result.resultKind }),
    category: t.field({ type: SharedCategoryEnum, resolve: (result) => result.category as never }),
    violationCode: t.exposeString('violationCode'),
    penaltyKinds: t.exposeStringList('penaltyKinds'),
    amountYuan: t.exposeString('amountYuan', { description: 'Fine, or the defrauded amount for FRAUD_CONFIRMED, in yuan' }),
    decidedAt: t.field({ type: 'DateTime', resolve: (result) => result.decidedAt }),
    published: t.exposeBoolean('publish'),
    basis: t.exposeString('basis', { nullable: true }),
    subject: t.field({ type: SubjectRef, resolve: (result) => subjectOfRecord(result, `penalties:${result.id}`, result.purpose) }),
  }),
});

builder.queryField('results', (t) =>
  t.connection(
    {
      nullable: true,
      type: ResultRef,
      description: "Results in the caller's regions, newest decision first",
      authScopes: { scope: 'result:read' },
      args: { filter: t.arg({ type: ResultFilterInput }) },
      resolve: async (_root, args, context) => {
        const { first, after } = checkedPaging(args);
        const page = await findResults(context.db, context.access.regionsFor('result:read'), checkedFilter(args.filter), first, after);
        return connectionOf(page);
      },
    },
    { fields: (c) => ({ totalCount: c.int({ resolve: (connection) => connection.countAll() }) }) },
  ),
);
