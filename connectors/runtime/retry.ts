import { setTimeout as sleep } from 'node:timers/promises';

export interface RetryOptions {
  isRetriable: (error: unknown) => boolean;
  /** Checked before each new attempt: false stops retrying and rethrows. */
  shouldContinue: () => boolean;
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void | Promise<void>;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

/**
 * Runs `attempt` until it succeeds, backing off exponentially with full
 * jitter while the failure is retriable (a database or broker outage).
 * Anything else — a programming error — is thrown at once, never retried.
 */
export async function retryWithBackoff<T>(attempt: () => Promise<T>, options: RetryOptions): Promise<T> {
  const base = options.baseDelayMs ?? 200;
  const max = options.maxDelayMs ?? 10_000;
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (!options.isRetriable(error) || !options.shouldContinue()) throw error;
      const delayMs = Math.round(Math.random() * Math.min(max, base * 2 ** (tries - 1)));
      await options.onRetry?.(error, tries, delayMs);
      await sleep(delayMs);
    }
  }
}
