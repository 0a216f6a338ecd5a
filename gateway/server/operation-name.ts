import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { GatewayContext } from '../context.ts';

/**
 * Names the operation in the context once the document is parsed, so audit
 * entries carry `query Grant { … }`'s name even when the request did not
 * send `operationName` (a single named operation needs none).
 */
export function useOperationName(): Plugin<GatewayContext> {
  return {
    onExecute({ args }) {
      const name = getOperationAST(args.document, args.operationName)?.name?.value;
      if (name) (args.contextValue as GatewayContext).operation = name;
    },
  };
}
