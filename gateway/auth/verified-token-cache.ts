import type { Caller } from './caller.ts';
import type { TokenVerifier } from './verify-token.ts';

/**
 * Remembers verified tokens for up to a minute (never past their expiry), so
 * a client sending the same token on every request pays for one signature
 * check a minute, not one per request; a key withdrawn from the issuer's key
 * set stops working within that minute.
 * Keyed by the whole token string: a changed byte is a different token and
 * is verified from scratch. Rejections are never cached. Oldest entries go
 * first once `maxEntries` is reached.
 */
export function cacheVerifiedTokens(verify: TokenVerifier, { maxEntries = 10_000, maxAgeMs = 60_000, now = () => Date.now() } = {}): TokenVerifier {
  const verified = new Map<string, { caller: Caller; until: number }>();
  return async (token) => {
    if (token !== undefined) {
      const cached = verified.get(token);
      if (cached && cached.until > now()) return cached.caller;
      if (cached) verified.delete(token);
    }
    const caller = await verify(token);
    if (token !== undefined) {
      if (verified.size >= maxEntries) verified.delete(verified.keys().next().value!);
      verified.set(token, { caller, until: Math.min(caller.expiresAt.getTime(), now() + maxAgeMs) });
    }
    return caller;
  };
}
