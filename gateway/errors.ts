import { GraphQLError } from 'graphql';

/**
 * Codes every GraphQL error carries in `extensions.code` (DESIGN.md, API).
 * Integrators switch on them; the message is for people.
 */
export type GatewayErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'RATE_LIMITED'
  | 'QUERY_TOO_COMPLEX'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR';

/** An expected error: shown to the caller as is, with its code (unexpected ones are masked by yoga). */
export function gatewayError(code: GatewayErrorCode, message: string, extensions: Record<string, unknown> = {}, cause?: unknown): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code, ...(code === 'UNAUTHENTICATED' ? { http: { status: 401 } } : {}), ...extensions },
    originalError: cause instanceof Error ? cause : undefined,
  });
}

/** A bad argument: the code plus the name of the argument, so a client can point at the field. */
export function badUserInput(argument: string, message: string): GraphQLError {
  return gatewayError('BAD_USER_INPUT', `${argument}: ${message}`, { argument });
}
