import SchemaBuilder from '@pothos/core';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { isRealDateTime } from '../../schema/identifiers/index.ts';
import type { Scope } from '../auth/caller.ts';
import type { GatewayContext } from '../context.ts';
import { gatewayError } from '../errors.ts';

/**
 * The one Pothos builder. It defines no types (see types/). Every field
 * needs an auth rule — on itself or on its type — or the schema refuses to
 * build (see default-deny.ts):
 * - `public: true`: anyone, with or without a token;
 * - `scope: 'clue:read'`: the token carries that scope (rows are then
 *   filtered to the scope's regions in SQL by the resolver).
 */
export const builder = new SchemaBuilder<{
  Context: GatewayContext;
  AuthScopes: { public: boolean; scope: Scope };
  Scalars: { DateTime: { Input: Date; Output: Date } };
  DefaultFieldNullability: false;
}>({
  plugins: [ScopeAuthPlugin, RelayPlugin, DataloaderPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    authScopes: (context) => ({
      public: true,
      scope: (scope: Scope) => context.access.has(scope),
    }),
    unauthorizedError: (_parent, context, info) =>
      context.access.caller
        ? gatewayError('FORBIDDEN', `${info.parentType.name}.${info.fieldName} needs a scope this token does not carry`)
        : gatewayError('UNAUTHENTICATED', `${info.parentType.name}.${info.fieldName} needs a bearer token`),
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    // No global node lookup: it would be a second door to every row, outside the per-query region filters.
    nodeQueryOptions: false,
    nodesQueryOptions: false,
    pageInfoTypeOptions: { authScopes: { public: true } },
    defaultConnectionTypeOptions: { authScopes: { public: true } },
    defaultEdgeTypeOptions: { authScopes: { public: true } },
  },
});

builder.scalarType('DateTime', {
  description: 'An instant, as an ISO 8601 string with time zone',
  serialize: (value) => value.toISOString(),
  parseValue: (value) => {
    const date = typeof value === 'string' && isRealDateTime(value) ? new Date(value) : new Date(Number.NaN);
    if (Number.isNaN(date.getTime())) throw gatewayError('BAD_USER_INPUT', 'DateTime must be an ISO 8601 instant, e.g. 2026-11-01T00:00:00+08:00');
    // Instants reach PostgreSQL as ISO text in UTC, which knows no year 0 and no signed six-digit years.
    const year = date.getUTCFullYear();
    if (year < 1 || year > 9999) throw gatewayError('BAD_USER_INPUT', 'DateTime must lie between the years 0001 and 9999 (UTC)');
    return date;
  },
});

builder.queryType({});
builder.mutationType({});
