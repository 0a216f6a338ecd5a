import { Kind, type DocumentNode, type SelectionSetNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { GatewayContext } from '../context.ts';
import { gatewayError } from '../errors.ts';

/** Who may ask the schema about itself: everyone (development) or data stewards only (production). */
export type IntrospectionPolicy = 'everyone' | 'stewards';

/**
 * In production `__schema` and `__type` answer only callers with the
 * `steward` scope; anyone else gets `FORBIDDEN` (reason
 * `INTROSPECTION_DISABLED`) and nothing runs. Decided at execution, once
 * the caller is known, not as a validation rule: yoga caches a document's
 * validation for every caller alike. `__typename` is not introspection and
 * stays open.
 */
export function useIntrospectionPolicy(policy: IntrospectionPolicy): Plugin<GatewayContext> {
  if (policy === 'everyone') return {};
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const context = args.contextValue as Partial<GatewayContext>;
      if (context.access?.has('steward') || !asksForSchema(args.document)) return;
      setResultAndStopExecution({
        errors: [gatewayError('FORBIDDEN', 'introspection is available to data stewards only on this server; the schema is published as schema.graphql', { reason: 'INTROSPECTION_DISABLED', http: { status: 403 } })],
      });
    },
  };
}

/** Whether any operation or fragment of a validated document selects `__schema` or `__type`. */
function asksForSchema(document: DocumentNode): boolean {
  const pending: SelectionSetNode[] = [];
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION || definition.kind === Kind.FRAGMENT_DEFINITION) pending.push(definition.selectionSet);
  }
  while (pending.length > 0) {
    for (const selection of pending.pop()!.selections) {
      if (selection.kind === Kind.FIELD && (selection.name.value === '__schema' || selection.name.value === '__type')) return true;
      if ('selectionSet' in selection && selection.selectionSet) pending.push(selection.selectionSet);
    }
  }
  return false;
}
