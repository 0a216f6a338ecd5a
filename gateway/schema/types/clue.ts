import { findClues } from '../../data/clues.ts';
import { builder } from '../builder.ts';
import { checkedPaging, connectionOf } from '../connection.ts';
import { checkedFilter, ClueFilterInput, ClueStatusEnum, DepartmentEnum, SharedCategoryEnum } from '../inputs.ts';
import { ClueRef, SubjectRef } from '../refs.ts';
import { subjectOfRecord } from '../subject-key.ts';

/** A violation clue (违法线索) from any department. Internal: needs `clue:read`, rows limited to the caller's regions. */
ClueRef.implement({
  authScopes: { scope: 'clue:read' },
  fields: (t) => ({
    clueId: t.exposeString('clueId', { description: "The reporting agency's own clue number" }),
    department: t.field({ type: DepartmentEnum, resolve: (clue) => clue.department as never }),
    region: t.exposeString('region', { description: "The reporting agency's region" }),
    category: t.field({ type: SharedCategoryEnum, resolve: (clue) => clue.category as never }),
    violationCode: t.exposeString('violationCode', { description: "The department's own code, as reported" }),
    summary: t.exposeString('summary'),
    channel: t.exposeString('channel'),
    targetDepartments: t.field({ type: [DepartmentEnum], resolve: (clue) => clue.targetDepartments as never }),
    status: t.field({ type: ClueStatusEnum, resolve: (clue) => clue.status as never }),
    reportedAt: t.field({ type: 'DateTime', resolve: (clue) => clue.eventTime }),
    subject: t.field({ type: SubjectRef, resolve: (clue) => subjectOfRecord(clue, `clues:${clue.id}`, clue.purpose) }),
  }),
});

builder.queryField('clues', (t) =>
  t.connection(
    {
      nullable: true,
      type: ClueRef,
      description: 'Clues in the caller\'s regions, newest first',
      authScopes: { scope: 'clue:read' },
      args: { filter: t.arg({ type: ClueFilterInput }) },
      resolve: async (_root, args, context) => {
        const { first, after } = checkedPaging(args);
        const page = await findClues(context.db, context.access.regionsFor('clue:read'), checkedFilter(args.filter), first, after);
        return connectionOf(page);
      },
    },
    { fields: (c) => ({ totalCount: c.int({ resolve: (connection) => connection.countAll() }) }) },
  ),
);
