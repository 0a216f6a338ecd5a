import { maskIdNumber, maskIdNumbersIn } from '../../../schema/identifiers/index.ts';
import type { AuditAction } from '../../../schema/tables/audit.ts';
import type { PurposeBasis } from '../../access/purpose.ts';
import { findAuditEntries, type AuditEntryRecord } from '../../data/audit-log.ts';
import { pageSize } from '../../data/cursor.ts';
import { decodeSeqCursor, encodeSeqCursor } from '../../data/seq-cursor.ts';
import { stewardJurisdiction } from '../../stewardship/jurisdiction.ts';
import { builder } from '../builder.ts';
import { checkedIdNumber, PurposeBasisEnum } from '../inputs.ts';

// The audit log as stewards read it (DESIGN.md, Access): who read whose unmasked data, saw a photo,
// changed a grant or read a dead letter — newest first, within the steward's jurisdiction.

export const AuditActionEnum = builder.enumType('AuditAction', {
  values: {
    UNMASKED_READ: { description: "A person's unmasked ID number or name was returned" },
    PHOTO_ACCESS: { description: "A person's photo reference was returned" },
    STEWARD_CHANGE: { description: 'A steward changed a grant, suspension, code mapping, or replayed a dead letter' },
    DEAD_LETTER_READ: { description: "A dead letter's original event (which may hold personal data) was returned" },
  } satisfies Record<AuditAction, { description: string }>,
});

const AuditLogFilterInput = builder.inputType('AuditLogFilter', {
  fields: (t) => ({
    agency: t.string({ description: 'The acting agency, e.g. police:510181' }),
    actor: t.string({ description: "The acting person (the token's sub)" }),
    idNumber: t.string({ description: "The data subject's full resident ID number: whose data was read" }),
    fieldPath: t.string({ description: 'The field read or the mutation, or its beginning, e.g. PersonIdentity.idNumber' }),
    purposeBasis: t.field({ type: PurposeBasisEnum }),
    action: t.field({ type: AuditActionEnum }),
    from: t.field({ type: 'DateTime', description: 'Recorded at or after' }),
    to: t.field({ type: 'DateTime', description: 'Recorded before' }),
  }),
});

/** The entry's data subject, masked wherever it appears: a person looked up by number is recorded as `person:<ID number>`, which would otherwise undo the masking of subjectIdNumber. */
const subjectOf = (entry: AuditEntryRecord): string[] => (entry.subjectIdNumber === null ? [] : [entry.subjectIdNumber]);

const AuditEntry = builder.objectRef<AuditEntryRecord>('AuditEntry').implement({
  description: 'One audit log entry. Whose data it concerns is shown masked; the filter takes the full ID number.',
  authScopes: { scope: 'steward' },
  fields: (t) => ({
    seq: t.exposeInt('seq', { description: 'Position in the hash chain' }),
    recordedAt: t.expose('recordedAt', { type: 'DateTime' }),
    action: t.field({ type: AuditActionEnum, resolve: (entry) => entry.action }),
    actor: t.exposeString('actor'),
    agency: t.exposeString('agency'),
    operation: t.exposeString('operation', { description: 'The GraphQL operation name, or anonymous' }),
    fieldPath: t.exposeString('fieldPath'),
    recordId: t.string({
      description: 'The record read or changed; an ID number in it (person:<ID number>) is masked like subjectIdNumber',
      resolve: (entry) => maskIdNumbersIn(entry.recordId, subjectOf(entry)),
    }),
    purposeBasis: t.field({ type: PurposeBasisEnum, nullable: true, resolve: (entry) => entry.purposeBasis as PurposeBasis | null }),
    purposeReference: t.string({
      nullable: true,
      description: 'The case or document number stated; an ID number typed into it is masked',
      resolve: (entry) => (entry.purposeReference === null ? null : maskIdNumbersIn(entry.purposeReference, subjectOf(entry))),
    }),
    requestId: t.exposeString('requestId'),
    subjectIdNumber: t.string({
      nullable: true,
      description: 'Whose data was read, masked (510181********1234)',
      resolve: (entry) => (entry.subjectIdNumber === null ? null : maskIdNumber(entry.subjectIdNumber)),
    }),
    detail: t.string({
      nullable: true,
      description: 'What a steward change changed, or what was read beyond the record id, as JSON text; ID numbers in it are masked',
      resolve: (entry) => (entry.detail === null || entry.detail === undefined ? null : maskIdNumbersIn(JSON.stringify(entry.detail), subjectOf(entry))),
    }),
  }),
});

const AuditEntryConnection = builder.connectionObject<typeof AuditEntry, { countAll(): Promise<number> }>({
  type: AuditEntry,
  name: 'AuditEntryConnection',
  fields: (t) => ({ totalCount: t.int({ resolve: (connection) => connection.countAll() }) }),
});

builder.queryField('auditLog', (t) =>
  t.field({
    type: AuditEntryConnection,
    description: "Audit entries in the steward's jurisdiction (by the acting agency's region), newest first",
    authScopes: { scope: 'steward' },
    args: {
      first: t.arg.int({ defaultValue: 20 }),
      after: t.arg.string(),
      filter: t.arg({ type: AuditLogFilterInput }),
    },
    resolve: async (_root, args, context) => {
      const jurisdiction = stewardJurisdiction(context);
      const first = pageSize({ first: args.first });
      const afterSeq = args.after ? decodeSeqCursor(args.after) : null;
      const filter = args.filter ?? {};
      const page = await findAuditEntries(context.db, jurisdiction, { ...filter, idNumber: filter.idNumber ? checkedIdNumber(filter.idNumber, 'filter.idNumber') : null }, first, afterSeq);
      const edges = page.rows.map((entry) => ({ cursor: encodeSeqCursor(entry.seq), node: entry }));
      return {
        edges,
        pageInfo: { hasNextPage: page.hasNextPage, hasPreviousPage: false, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
        countAll: page.countAll,
      };
    },
  }),
);
