import { randomUUID } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';

const requestIds = new WeakMap<Request, string>();
const SAFE_ID = /^[\w.:-]{1,64}$/;
/** The id goes into every log line and audit entry of the request: a resident ID number is refused there. */
const ID_NUMBER_SHAPED = /\d{17}[\dXx]/;

/** The request id: the caller's `x-request-id` when it is a plain token (and holds no ID number), otherwise a new one. */
export function requestIdOf(request: Request): string {
  let id = requestIds.get(request);
  if (!id) {
    const given = request.headers.get('x-request-id');
    id = given && SAFE_ID.test(given) && !ID_NUMBER_SHAPED.test(given) ? given : randomUUID();
    requestIds.set(request, id);
  }
  return id;
}

/** Echoes the request id on every response, so a caller can quote it and an operator can find the log lines and audit entries. */
export function useRequestId(): Plugin {
  return {
    onResponse({ request, response }) {
      response.headers.set('x-request-id', requestIdOf(request));
    },
  };
}
