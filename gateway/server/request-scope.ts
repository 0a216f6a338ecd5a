import { AsyncLocalStorage } from 'node:async_hooks';
import type { Plugin } from 'graphql-yoga';
import { requestIdOf } from './request-id.ts';

const scope = new AsyncLocalStorage<string>();

/**
 * Runs each request's handling inside an async scope holding its request id,
 * so every log line written while answering it — from resolvers, from error
 * masking, from yoga itself — names the request without threading the id
 * through every call.
 */
export function useRequestScope(): Plugin {
  return {
    instrumentation: {
      request: ({ request }, handle) => scope.run(requestIdOf(request), handle),
    },
  };
}

/** The id of the request being answered, if any. */
export function currentRequestId(): string | undefined {
  return scope.getStore();
}

interface LevelledLog {
  debug(object: object, message?: string): void;
  warn(object: object, message?: string): void;
  error(object: object, message?: string): void;
}

/** A log that adds `requestId` to every line written while a request is answered. */
export function logWithRequestId<T extends LevelledLog>(log: T): LevelledLog {
  const stamp = (object: object) => {
    const requestId = scope.getStore();
    return requestId === undefined ? object : { requestId, ...object };
  };
  // Methods called on `log` itself (pino needs its `this`), the message only when there is one.
  return {
    debug: (object, message) => (message === undefined ? log.debug(stamp(object)) : log.debug(stamp(object), message)),
    warn: (object, message) => (message === undefined ? log.warn(stamp(object)) : log.warn(stamp(object), message)),
    error: (object, message) => (message === undefined ? log.error(stamp(object)) : log.error(stamp(object), message)),
  };
}
