import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type { GraphQLError, ValidationContext } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { tooComplex, type GatewayLimits, type LimitName } from './gateway-limits.ts';

type DocumentLimits = Pick<GatewayLimits, 'maxDepth' | 'maxCost' | 'maxAliases' | 'maxDirectives' | 'maxTokens'>;

/**
 * graphql-armor's document limits, answered with our code: depth, cost,
 * aliases and directives as validation errors (HTTP 400, nothing executed),
 * tokens while parsing, so a huge document is given up on after
 * `maxTokens` tokens rather than parsed whole. With `hideSuggestions`
 * (production) validation errors no longer spell out field names the caller
 * did not ask for ("Did you mean …?").
 */
export function useQueryLimits(limits: DocumentLimits, { hideSuggestions }: { hideSuggestions: boolean }): Plugin {
  const reportAs =
    (limit: LimitName, max: number) =>
    (context: ValidationContext | null, error: GraphQLError): void => {
      context?.reportError(tooComplex(limit, max, armorMessage(error)));
    };
  return EnvelopArmorPlugin({
    maxDepth: { n: limits.maxDepth, flattenFragments: true, propagateOnRejection: false, onReject: [reportAs('maxDepth', limits.maxDepth)] },
    costLimit: { maxCost: limits.maxCost, flattenFragments: true, propagateOnRejection: false, onReject: [reportAs('maxCost', limits.maxCost)] },
    maxAliases: { n: limits.maxAliases, propagateOnRejection: false, onReject: [reportAs('maxAliases', limits.maxAliases)] },
    maxDirectives: { n: limits.maxDirectives, propagateOnRejection: false, onReject: [reportAs('maxDirectives', limits.maxDirectives)] },
    // The parser has no validation context to report to: the refusal is thrown out of parse() at the first token too many.
    maxTokens: {
      n: limits.maxTokens,
      onReject: [
        (_context, error) => {
          throw tooComplex('maxTokens', limits.maxTokens, armorMessage(error));
        },
      ],
    },
    blockFieldSuggestion: { enabled: hideSuggestions, mask: '' },
  }) as Plugin;
}

/** armor words its refusals as syntax errors ("Syntax Error: Query depth limit of 12 exceeded, found 14."); they are not. */
function armorMessage(error: GraphQLError): string {
  return error.message.replace(/^Syntax Error: /, '');
}
