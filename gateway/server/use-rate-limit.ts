import type { Plugin } from 'graphql-yoga';
import type { GatewayContext } from '../context.ts';
import { gatewayError } from '../errors.ts';
import type { RateLimit } from './gateway-limits.ts';
import { createTokenBuckets } from './token-buckets.ts';

/**
 * A token bucket per agency (the verified token's `agency` claim), in this
 * replica's memory: an agency past its rate gets `RATE_LIMITED`, HTTP 429
 * and `Retry-After` in seconds, and no other agency notices. The bucket is
 * taken once the token is verified, so a forged token cannot spend another
 * agency's budget (it is refused with 401 first). Callers without a token
 * share one bucket: behind a load balancer every one of them has the
 * balancer's address, and a forwarded address is the client's to invent, so
 * an address is no key; they reach only public data, and sharing keeps
 * their flood out of every agency's budget.
 */
export function useRateLimit(limit: RateLimit, { now }: { now?: () => number } = {}): Plugin<GatewayContext> {
  const agencies = createTokenBuckets({ perMinute: limit.perMinute, burst: limit.burst, now });
  const anonymous = createTokenBuckets({ perMinute: limit.anonymousPerMinute, burst: limit.anonymousBurst, now });
  return {
    onContextBuilding() {
      // After the context factory, which has verified the token (or refused it).
      return ({ context }) => {
        const agency = (context as Partial<GatewayContext>).access?.caller?.agency;
        const retryAfter = agency ? agencies.take(agency) : anonymous.take('anonymous');
        if (retryAfter === 0) return;
        const who = agency ? `agency ${agency}` : 'callers without a token';
        const rate = agency ? limit.perMinute : limit.anonymousPerMinute;
        throw gatewayError('RATE_LIMITED', `${who} sent more than ${rate} requests a minute to this server; retry after ${retryAfter} s`, {
          retryAfter,
          http: { status: 429, headers: { 'Retry-After': String(retryAfter) } },
        });
      };
    },
  };
}
