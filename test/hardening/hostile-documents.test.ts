import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, test } from 'node:test';
import { count } from 'drizzle-orm';
import { defaultGatewayLimits } from '../../gateway/server/gateway-limits.ts';
import { auditLogTable } from '../../schema/tables.ts';
import { seededGatewayFixture, type GraphQLBody } from '../support/gateway-harness.ts';
import { seedPeople } from '../support/gateway-seed.ts';

// Hostile GraphQL documents against the gateway with its default limits: each is refused with a coded
// error in bounded time, runs nothing (no audit entry for an alias flood of personal fields), and a
// normal caller keeps being answered throughout.

const fixture = seededGatewayFixture();
const person = seedPeople[0]!;
const PURPOSE = '{ basis: CASE_INVESTIGATION, reference: "川公刑(2026)118号" }';
const BOUND_MS = 2_000;
const limits = defaultGatewayLimits;

interface Hostile {
  name: string;
  /** The request body (a string, sent as is, or an object, sent as JSON). */
  body: string | Record<string, unknown>;
  /** Send the body as a stream without Content-Length (chunked), so only the running count can stop it. */
  chunked?: boolean;
  status: number;
  code: string;
  limit?: string;
  reason?: string;
  /** The argument a BAD_USER_INPUT names. */
  argument?: string;
}

const repeat = (times: number, make: (i: number) => string, separator = ' ') => Array.from({ length: times }, (_, i) => make(i)).join(separator);
const personalField = (alias: string) => `${alias}: person(idNumber: "${person.idNumber}", purpose: ${PURPOSE}) { identity { idNumber name } }`;
/** The same with the arguments in variables: 1,000 of them fit in the body limit. */
const personalFieldOf = (alias: string) => `${alias}: person(idNumber: $id, purpose: $p) { identity { idNumber name } }`;
const personVariables = { id: person.idNumber, p: { basis: 'CASE_INVESTIGATION', reference: '川公刑(2026)118号' } };
/** Subject and clue refer to each other, so a valid document can nest as deep as it likes. */
const nested = (levels: number) => `{ clues(first: 1) { edges { node { ${'subject { clues { '.repeat(levels)}clueId${' } }'.repeat(levels)} } } } }`;

const hostile: Hostile[] = [
  { name: 'deep nesting through subject ⇄ clues', body: { query: nested(6) }, status: 400, code: 'QUERY_TOO_COMPLEX', limit: 'maxDepth' },
  { name: 'nesting 5,000 levels deep (stops at the token limit, not the stack)', body: { query: `{ ${'a { '.repeat(5_000)}b${' }'.repeat(5_000)} }` }, status: 400, code: 'QUERY_TOO_COMPLEX', limit: 'maxTokens' },
  { name: '1,000 aliases of a personal field', body: { query: `query($id: String!, $p: PurposeInput) { ${repeat(1_000, (i) => personalFieldOf(`p${i}`))} }`, variables: personVariables }, status: 400, code: 'QUERY_TOO_COMPLEX', limit: 'maxTokens' },
  { name: `${limits.maxAliases + 1} aliases of a personal field (under the token limit)`, body: { query: `{ ${repeat(limits.maxAliases + 1, (i) => personalField(`p${i}`))} }` }, status: 400, code: 'QUERY_TOO_COMPLEX', limit: 'maxAliases' },
  { name: 'a full page aliased twenty times (cost)', body: { query: `{ ${repeat(20, (i) => `c${i}: clues(first: 100) { edges { node { clueId summary subject { clues { clueId summary subject { clues { clueId summary } results { decisionNo } } } results { decisionNo amountYuan } } } } }`)} }` }, status: 400, code: 'QUERY_TOO_COMPLEX', limit: 'maxCost' },
  { name: 'a fragment cycle', body: { query: '{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }' }, status: 400, code: 'GRAPHQL_VALIDATION_FAILED' },
  { name: 'fragments spread 2^20 ways (billion laughs)', body: { query: `{ ...F0 } ${repeat(20, (i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`)} fragment F20 on Query { __typename }` }, status: 400, code: 'QUERY_TOO_COMPLEX', limit: 'maxCost' },
  { name: 'many directives', body: { query: `{ ${repeat(limits.maxDirectives + 5, (i) => `t${i}: __typename @include(if: true)`)} }` }, status: 400, code: 'QUERY_TOO_COMPLEX', limit: 'maxDirectives' },
  { name: '10,000 tokens', body: { query: `{ ${repeat(10_000, () => 'a')} }` }, status: 400, code: 'QUERY_TOO_COMPLEX', limit: 'maxTokens' },
  { name: '10,000 variables', body: { query: '{ __typename }', variables: Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [i.toString(36), 0])) }, status: 400, code: 'QUERY_TOO_COMPLEX', limit: 'maxVariables' },
  { name: '10,000 declared variables', body: { query: `query(${repeat(10_000, (i) => `$v${i.toString(36)}:Int`, ',')}) { __typename }` }, status: 400, code: 'QUERY_TOO_COMPLEX', limit: 'maxTokens' },
  { name: 'a list of 20,000 ids in a variable', body: { query: 'mutation($ids: [ID!]!) { replayDeadLetters(ids: $ids) { requested } }', variables: { ids: Array.from({ length: 20_000 }, (_, i) => String(i % 10)) } }, status: 400, code: 'QUERY_TOO_COMPLEX', limit: 'maxListLength' },
  { name: 'a list of 30,000 ids written in the document', body: { query: `mutation { replayDeadLetters(ids: [${repeat(30_000, () => '1', ',')}]) { requested } }` }, status: 400, code: 'QUERY_TOO_COMPLEX', limit: 'maxTokens' },
  { name: 'variables nested 10,000 deep', body: `{"query":"query($f: ClueFilter) { clues(first: 1, filter: $f) { totalCount } }","variables":{"f":${'['.repeat(10_000)}${']'.repeat(10_000)}}}`, status: 400, code: 'QUERY_TOO_COMPLEX', limit: 'maxVariableNesting' },
  { name: 'a 5 MB string variable', body: { query: 'query($r: String) { publicPenalties(region: $r) { totalCount } }', variables: { r: 'x'.repeat(5 * 1024 * 1024) } }, status: 413, code: 'QUERY_TOO_COMPLEX', limit: 'maxBodyBytes' },
  { name: 'a 5 MB string variable, chunked without Content-Length', body: { query: 'query($r: String) { publicPenalties(region: $r) { totalCount } }', variables: { r: '数'.repeat(2 * 1024 * 1024) } }, chunked: true, status: 413, code: 'QUERY_TOO_COMPLEX', limit: 'maxBodyBytes' },
  { name: 'a NUL character in a variable (PostgreSQL text cannot hold it)', body: { query: 'query($a: String) { grants(agency: $a) { id } }', variables: { a: 'health:510181\u0000' } }, status: 400, code: 'BAD_USER_INPUT', reason: 'UNSTORABLE_TEXT', argument: 'agency' },
  { name: 'an unpaired surrogate deep in an input object', body: { query: 'mutation($i: MapCodeInput!) { mapCode(input: $i) { code } }', variables: { i: { department: 'HEALTH', code: 'X\ud800', label: 'x', category: 'BRIBERY' } } }, status: 400, code: 'BAD_USER_INPUT', reason: 'UNSTORABLE_TEXT', argument: 'input.code' },
  { name: 'a NUL character in a string literal', body: { query: '{ grants(agency: "health:510181\\u0000") { id } }' }, status: 400, code: 'BAD_USER_INPUT', reason: 'UNSTORABLE_TEXT', argument: 'agency' },
  { name: 'a 5 MB document', body: { query: `{ __typename ${' '.repeat(5 * 1024 * 1024)}}` }, status: 413, code: 'QUERY_TOO_COMPLEX', limit: 'maxBodyBytes' },
];

/** The hostile caller may unmask (so an alias flood would be audited if it ran); the normal one reads clues. */
const officerToken = () => fixture.hub.tokenFor('police:510181', ['clue:read', 'result:read', 'identity:read', 'identity:photo', 'steward']);
const normalToken = () => fixture.hub.tokenFor('health:510181', ['clue:read']);

// Over a real port: each request arrives through its own socket, as in production, so the hostile and the
// normal caller are interleaved by I/O rather than by the order of this process's promises.
// (Started on first use: node:test runs a file's top-level before hooks concurrently, so one cannot wait for the fixture's.)
let server: Server | undefined;
let listening: Promise<string> | undefined;
function gatewayUrl(): Promise<string> {
  listening ??= new Promise((resolve) => {
    server = createServer(fixture.hub.gateway);
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server!.address() as AddressInfo).port}/graphql`));
  });
  return listening;
}
after(() => {
  server?.closeAllConnections();
  server?.close();
});

async function send(request: Hostile, token: string): Promise<{ status: number; body: GraphQLBody; ms: number }> {
  const text = typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
  const bytes = new TextEncoder().encode(text);
  const body = request.chunked
    ? new ReadableStream<Uint8Array>({
        start(controller) {
          for (let offset = 0; offset < bytes.length; offset += 64 * 1024) controller.enqueue(bytes.subarray(offset, offset + 64 * 1024));
          controller.close();
        },
      })
    : bytes;
  const started = performance.now();
  const response = await fetch(await gatewayUrl(), {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${token}` },
    body,
    ...(request.chunked ? { duplex: 'half' } : {}),
  } as RequestInit);
  const answer = (await response.json()) as GraphQLBody;
  return { status: response.status, body: answer, ms: performance.now() - started };
}

for (const request of hostile) {
  test(`refused in bounded time with a coded error: ${request.name}`, async () => {
    const { status, body, ms } = await send(request, await officerToken());
    assert.equal(status, request.status, JSON.stringify(body).slice(0, 300));
    assert.equal(body.data, undefined, 'nothing ran');
    const errors = body.errors ?? [];
    assert.ok(errors.length > 0);
    for (const error of errors) assert.equal(error.extensions?.code, request.code, error.message);
    if (request.limit) {
      const error = errors.find((e) => e.extensions?.limit === request.limit);
      assert.ok(error, `one error names ${request.limit}: ${errors.map((e) => e.message).join(' | ')}`);
      assert.ok(error.message.length < 200, 'a short message');
    }
    if (request.reason) assert.equal(errors[0]?.extensions?.reason, request.reason);
    if (request.argument) assert.equal(errors[0]?.extensions?.argument, request.argument);
    assert.ok(ms < BOUND_MS, `answered in ${Math.round(ms)} ms`);
  });
}

test('a normal caller is answered throughout a flood of every hostile request', async () => {
  const [hostileToken, token] = [await officerToken(), await normalToken()];
  let flooding = true;
  const normal: Array<{ status: number; ok: boolean }> = [];
  const normalLoop = (async () => {
    while (flooding) {
      const response = await fetch(await gatewayUrl(), {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ clues(first: 3) { totalCount edges { node { clueId } } } }' }),
      });
      const status = response.status;
      const body = (await response.json()) as GraphQLBody;
      normal.push({ status, ok: !body.errors && (body.data as { clues: { totalCount: number } } | undefined)?.clues.totalCount === 3 });
    }
  })();
  const slowest = new Map<string, number>();
  try {
    // Four hostile callers at once, sending everything again and again for three seconds.
    const until = performance.now() + 3_000;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (performance.now() < until) {
          for (const request of hostile) {
            const { status, ms } = await send(request, hostileToken);
            assert.equal(status, request.status, request.name);
            slowest.set(request.name, Math.max(slowest.get(request.name) ?? 0, ms));
          }
        }
      }),
    );
  } finally {
    flooding = false;
    await normalLoop;
  }
  for (const [name, ms] of slowest) assert.ok(ms < BOUND_MS * 2, `${name}: ${Math.round(ms)} ms under load`);
  assert.ok(normal.length >= 10, `the normal caller was answered ${normal.length} times during the flood`);
  assert.deepEqual(
    normal.filter((answer) => answer.status !== 200 || !answer.ok),
    [],
    'every normal request succeeded',
  );
});

test('nothing a hostile request asked for was read: no audit entry, though the caller could unmask', async () => {
  const [row] = await fixture.database.db.select({ n: count() }).from(auditLogTable);
  assert.equal(row!.n, 0);
  // The oracle can fail: the same personal field, asked for once, is read and audited.
  const { body } = await fixture.hub.query(`{ ${personalField('once')} }`, { token: await officerToken() });
  assert.equal((body.data as { once: { identity: { idNumber: string } } }).once.identity.idNumber, person.idNumber);
  const [afterRead] = await fixture.database.db.select({ n: count() }).from(auditLogTable);
  assert.ok(afterRead!.n > 0);
});
