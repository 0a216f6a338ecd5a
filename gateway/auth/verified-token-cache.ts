import type { Caller } from './caller.ts';
import type { TokenVerifier } from './verify-token.ts';

/**
 * Remembers verified tokens until they expire, so a client sending the same
 * token on every request pays for one signature check, not one per request.
 * Keyed by the whole token string: a changed byte is a different token and
 * is verified from scratch. Rejections are never cached. Oldest entries go
 * first once `maxEntries` is reached.
 */
export function cacheVerifiedTokens(verify: TokenVerifier, { maxEntries = 10_000, now = () => Date.now() } = {}): TokenVerifier {
  const verified = new Map<string, Caller>();
  return async (token) => {
    if (token !== undefined) {
      const cached = verified.get(token);
      if (cached && cached.expiresAt.getTime() > now()) return cached;
      if (cached) verified.delete(token);
    }
    const caller = await verify(token);
    if (token !== undefined) {
      if (verified.size >= maxEntries) verified.delete(verified.keys().next().value!);
      verified.set(token, caller);
    }
    return caller;
  };
}
