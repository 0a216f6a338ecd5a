import type { AccessGrantRow, AgencySuspensionRow } from '../../../schema/tables/stewardship.ts';
import { GRANTABLE_SCOPES, checkedGrantRequest, grantAccess, grantState, listGrants, revokeAccess, type GrantableScope } from '../../stewardship/grants.ts';
import { parseRowId } from '../../stewardship/row-id.ts';
import { listSuspensions, restoreAgency, suspendAgency } from '../../stewardship/suspensions.ts';
import { badUserInput } from '../../errors.ts';
import { builder } from '../builder.ts';

// Steward grants and suspensions (DESIGN.md, Access): who reads what, across which regions, and who is cut off.

const GrantScopeEnum = builder.enumType('GrantScope', {
  description: 'A scope a grant can widen to more regions; the token must still carry it',
  values: Object.fromEntries(GRANTABLE_SCOPES.map((scope) => [scope.replace(':', '_').toUpperCase(), { value: scope }])) as Record<string, { value: GrantableScope }>,
});

const GrantStateEnum = builder.enumType('GrantState', {
  values: { ACTIVE: { description: '有效' }, EXPIRED: { description: '已过期' }, REVOKED: { description: '已撤销' } } as const,
});

const AccessGrant = builder.objectRef<AccessGrantRow>('AccessGrant').implement({
  description: 'A steward decision: an agency reads more regions for one scope, until it expires or is revoked',
  authScopes: { scope: 'steward' },
  fields: (t) => ({
    id: t.id({ resolve: (grant) => String(grant.id) }),
    agency: t.exposeString('agency'),
    scope: t.field({ type: GrantScopeEnum, resolve: (grant) => grant.scope as GrantableScope }),
    regions: t.exposeStringList('regions'),
    basis: t.exposeString('basis'),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
    grantedBy: t.exposeString('grantedBy'),
    grantedByAgency: t.exposeString('grantedByAgency'),
    grantedAt: t.expose('grantedAt', { type: 'DateTime' }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
    revokedBy: t.exposeString('revokedBy', { nullable: true }),
    state: t.field({ type: GrantStateEnum, resolve: (grant) => grantState(grant) }),
  }),
});

const AgencySuspension = builder.objectRef<AgencySuspensionRow>('AgencySuspension').implement({
  description: 'While restoredAt is null, every request of the agency is refused with FORBIDDEN',
  authScopes: { scope: 'steward' },
  fields: (t) => ({
    id: t.id({ resolve: (row) => String(row.id) }),
    agency: t.exposeString('agency'),
    reason: t.exposeString('reason'),
    suspendedBy: t.exposeString('suspendedBy'),
    suspendedAt: t.expose('suspendedAt', { type: 'DateTime' }),
    restoredAt: t.expose('restoredAt', { type: 'DateTime', nullable: true }),
    restoredBy: t.exposeString('restoredBy', { nullable: true }),
  }),
});

const GrantAccessInput = builder.inputType('GrantAccessInput', {
  fields: (t) => ({
    agency: t.string({ required: true, description: 'e.g. police:310104' }),
    scope: t.field({ type: GrantScopeEnum, required: true }),
    regions: t.stringList({ required: true, description: 'Region codes added for the scope; a province or city code covers everything under it' }),
    basis: t.string({ required: true, description: 'e.g. the cross-region cooperation agreement and its number' }),
    expiresAt: t.field({ type: 'DateTime', required: true }),
  }),
});

builder.queryFields((t) => ({
  grants: t.field({
    type: [AccessGrant],
    description: "Grants in the steward's jurisdiction, newest first; in force only unless includeInactive",
    authScopes: { scope: 'steward' },
    args: { agency: t.arg.string(), includeInactive: t.arg.boolean({ defaultValue: false }) },
    resolve: (_root, args, context) => listGrants(context, { agency: args.agency ?? null, includeInactive: args.includeInactive ?? false }),
  }),
  suspensions: t.field({
    type: [AgencySuspension],
    description: "Suspensions of agencies in the steward's jurisdiction, newest first; in force only unless includeRestored",
    authScopes: { scope: 'steward' },
    args: { agency: t.arg.string(), includeRestored: t.arg.boolean({ defaultValue: false }) },
    resolve: (_root, args, context) => listSuspensions(context, { agency: args.agency ?? null, includeRestored: args.includeRestored ?? false }),
  }),
}));

builder.mutationFields((t) => ({
  grantAccess: t.field({
    type: AccessGrant,
    description: 'Adds regions to a scope for an agency, on a stated basis, until expiresAt; in force on every replica within a second',
    authScopes: { scope: 'steward' },
    args: { input: t.arg({ type: GrantAccessInput, required: true }) },
    resolve: (_root, { input }, context) => grantAccess(context, checkedGrantRequest(context, input)),
  }),
  revokeAccess: t.field({
    type: AccessGrant,
    description: 'Ends a grant at once, on every replica within a second, also for tokens issued before',
    authScopes: { scope: 'steward' },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, context) => {
      const grantId = parseRowId(String(id));
      if (grantId === null) throw badUserInput('id', 'not a grant id');
      return revokeAccess(context, grantId);
    },
  }),
  suspendAgency: t.field({
    type: AgencySuspension,
    description: 'Refuses every request of the agency with FORBIDDEN, whatever its tokens say, until restored',
    authScopes: { scope: 'steward' },
    args: { agency: t.arg.string({ required: true }), reason: t.arg.string({ required: true }) },
    resolve: (_root, args, context) => suspendAgency(context, args.agency, args.reason),
  }),
  restoreAgency: t.field({
    type: AgencySuspension,
    description: "Lifts an agency's suspension",
    authScopes: { scope: 'steward' },
    args: { agency: t.arg.string({ required: true }) },
    resolve: (_root, args, context) => restoreAgency(context, args.agency),
  }),
}));
