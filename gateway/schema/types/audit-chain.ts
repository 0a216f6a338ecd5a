import { verifyAuditChain, type AuditChainReport } from '../../audit/verify-audit-chain.ts';
import type { BrokenLink, ChainLink } from '../../audit/hash-chain.ts';
import { builder } from '../builder.ts';

const BrokenLinkReasonEnum = builder.enumType('AuditBrokenLinkReason', {
  values: {
    HASH_MISMATCH: { description: 'the entry was altered after it was written' },
    PREVIOUS_HASH_MISMATCH: { description: 'the entry does not follow the one before it (an earlier entry was re-hashed or replaced)' },
    SEQUENCE_GAP: { description: 'an entry before it is missing (deleted)' },
  } as const,
});

const AuditChainLink = builder.objectRef<ChainLink>('AuditChainLink').implement({
  authScopes: { scope: 'steward' },
  fields: (t) => ({ seq: t.exposeInt('seq'), hash: t.exposeString('hash') }),
});

const AuditBrokenLink = builder.objectRef<BrokenLink>('AuditBrokenLink').implement({
  authScopes: { scope: 'steward' },
  fields: (t) => ({ seq: t.exposeInt('seq'), reason: t.field({ type: BrokenLinkReasonEnum, resolve: (link) => link.reason }) }),
});

const AuditChainReportRef = builder.objectRef<AuditChainReport>('AuditChainReport').implement({
  authScopes: { scope: 'steward' },
  fields: (t) => ({
    ok: t.exposeBoolean('ok'),
    checked: t.exposeInt('checked', { description: 'Entries found intact, from entry 1 on' }),
    head: t.field({ type: AuditChainLink, nullable: true, description: 'The last intact entry; compare with the copy published outside the database', resolve: (report) => report.head }),
    firstBroken: t.field({ type: AuditBrokenLink, nullable: true, resolve: (report) => report.firstBroken }),
  }),
});

builder.queryField('verifyAuditChain', (t) =>
  t.field({
    type: AuditChainReportRef,
    nullable: true,
    description: "Recomputes the audit log's hash chain and reports the first broken link (stewards only)",
    authScopes: { scope: 'steward' },
    resolve: (_root, _args, context) => verifyAuditChain(context.db),
  }),
);
