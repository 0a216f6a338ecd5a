import type { Plugin } from 'graphql-yoga';
import { tooComplex, type GatewayLimits } from './gateway-limits.ts';

/** Deeper than any input type of the schema (GrantAccessInput.regions is two levels), far shallower than a stack. */
const MAX_VARIABLE_NESTING = 8;

/**
 * The size of a request before any GraphQL work: the body (HTTP 413 past
 * `maxBodyBytes`, whether or not the client sent a Content-Length: a
 * chunked body is cut off at the limit, never buffered whole), the number of
 * variables, the length of every list in them and how deep they nest.
 */
export function useRequestSizeLimits(limits: Pick<GatewayLimits, 'maxBodyBytes' | 'maxVariables' | 'maxListLength'>): Plugin {
  const { maxBodyBytes } = limits;
  const bodyTooLarge = () => tooComplex('maxBodyBytes', maxBodyBytes, `the request body is larger than ${maxBodyBytes} bytes`, 413);
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      const declared = Number(request.headers.get('content-length') ?? NaN);
      if (declared > maxBodyBytes) throw bodyTooLarge();
      if (!requestParser || !request.body) return;
      const parse = requestParser;
      setRequestParser((incoming) => parse(withBodyLimit(incoming, maxBodyBytes, bodyTooLarge, fetchAPI)));
    },
    onParams({ params }) {
      checkVariables(params.variables, limits);
    },
  };
}

/** The request with a body that errors (with `tooLarge()`) once more than `limit` bytes have come through. */
function withBodyLimit(request: Request, limit: number, tooLarge: () => Error, fetchAPI: { Request: typeof Request; TransformStream: typeof TransformStream }): Request {
  let received = 0;
  // A native stream needs the native TransformStream (yoga's own body limit does the same, graphql-yoga#4583).
  const Transform = request.body instanceof ReadableStream ? globalThis.TransformStream : fetchAPI.TransformStream;
  const limited = request.body!.pipeThrough(
    new Transform<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        received += chunk.byteLength;
        if (received > limit) controller.error(tooLarge());
        else controller.enqueue(chunk);
      },
    }),
  );
  return new fetchAPI.Request(request.url, { method: request.method, headers: request.headers, signal: request.signal, body: limited, duplex: 'half' } as RequestInit);
}

function checkVariables(variables: unknown, limits: Pick<GatewayLimits, 'maxVariables' | 'maxListLength'>): void {
  if (typeof variables !== 'object' || variables === null) return;
  const names = Object.keys(variables).length;
  if (names > limits.maxVariables) throw tooComplex('maxVariables', limits.maxVariables, `the request has ${names} variables; at most ${limits.maxVariables} are accepted`);
  // Iterative, so a hostile nesting depth cannot exhaust the stack before it is refused.
  const pending: Array<{ value: unknown; depth: number }> = [{ value: variables, depth: 0 }];
  while (pending.length > 0) {
    const { value, depth } = pending.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth > MAX_VARIABLE_NESTING) throw tooComplex('maxVariableNesting', MAX_VARIABLE_NESTING, `variables nest more than ${MAX_VARIABLE_NESTING} levels deep`);
    const items = Array.isArray(value) ? value : Object.values(value);
    if (Array.isArray(value) && value.length > limits.maxListLength) {
      throw tooComplex('maxListLength', limits.maxListLength, `a list in the variables has ${value.length} items; at most ${limits.maxListLength} are accepted`);
    }
    for (const item of items) pending.push({ value: item, depth: depth + 1 });
  }
}
