/**
 * Token buckets by key, in memory: each key's bucket holds up to `burst`
 * tokens and refills at `perMinute` a minute; a request takes one. Pure
 * apart from the clock it is given.
 */
export interface TokenBuckets {
  /** Takes a token for `key`: 0 when granted, otherwise the whole seconds until one will be there. */
  take(key: string): number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** Full buckets are forgotten beyond this many keys (a full bucket is the same as a new one). */
const PRUNE_ABOVE = 10_000;

export function createTokenBuckets({ perMinute, burst, now = () => performance.now() }: { perMinute: number; burst: number; now?: () => number }): TokenBuckets {
  const perMs = perMinute / 60_000;
  const capacity = Math.max(1, burst);
  const buckets = new Map<string, Bucket>();
  // Doubled after each pruning that leaves many keys, so a crowd of busy keys costs one sweep per doubling, not one per key.
  let pruneAt = PRUNE_ABOVE;
  const refill = (bucket: Bucket, at: number) => {
    bucket.tokens = Math.min(capacity, bucket.tokens + (at - bucket.at) * perMs);
    bucket.at = at;
  };
  return {
    take(key) {
      const at = now();
      let bucket = buckets.get(key);
      if (!bucket) {
        if (buckets.size >= pruneAt) {
          for (const [other, existing] of buckets) {
            refill(existing, at);
            if (existing.tokens >= capacity) buckets.delete(other);
          }
          pruneAt = Math.max(PRUNE_ABOVE, buckets.size * 2);
        }
        bucket = { tokens: capacity, at };
        buckets.set(key, bucket);
      } else refill(bucket, at);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
      }
      return perMs > 0 ? Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000)) : 60;
    },
  };
}
