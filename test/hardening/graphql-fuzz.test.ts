import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import fc from 'fast-check';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLOutputType,
} from 'graphql';
import type { Scope } from '../../gateway/auth/caller.ts';
import type { GatewayErrorCode } from '../../gateway/errors.ts';
import { gatewaySchema } from '../../gateway/schema/index.ts';
import { startGatewayHarness, type GatewayHarness } from '../support/gateway-harness.ts';
import { seedGatewayData, seedInstitutions, seedPeople } from '../support/gateway-seed.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

// fast-check over every argument of every root query and mutation field, derived from the schema: each
// run sends arbitrary variables (well-typed, almost-typed and wrong: unicode, control characters, huge
// strings, boundary and fractional numbers, nulls, nested junk) as one of several callers. Every answer
// must be a well-formed GraphQL response with known error codes only (never INTERNAL_SERVER_ERROR), no
// rejection may go unhandled, and no personal data may reach a caller without the scope for it.

const RUNS_PER_FIELD = Number(process.env.FUZZ_RUNS ?? 200);
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const SELECTION_DEPTH = 4;

const KNOWN_CODES = new Set<GatewayErrorCode>(['UNAUTHENTICATED', 'FORBIDDEN', 'BAD_USER_INPUT', 'NOT_FOUND', 'QUERY_TOO_COMPLEX', 'SERVICE_UNAVAILABLE']);
/** Only the replay needs a broker, which this gateway has none of: SERVICE_UNAVAILABLE anywhere else would be a fault. */
const NEEDS_BROKER = new Set(['replayDeadLetters']);

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
process.on('unhandledRejection', onUnhandled);
process.on('uncaughtException', onUnhandled);

const schema = gatewaySchema();

interface Caller {
  label: string;
  scopes: Scope[];
  agency?: string;
}
const CALLERS: Caller[] = [
  { label: 'anonymous', scopes: [] },
  { label: 'no scopes', agency: 'market:510181', scopes: [] },
  { label: 'clue reader', agency: 'health:510181', scopes: ['clue:read', 'clue:write'] },
  { label: 'results and credit', agency: 'tax:510100', scopes: ['result:read', 'credit:read'] },
  { label: 'identity reader', agency: 'police:510181', scopes: ['clue:read', 'result:read', 'identity:read', 'identity:photo'] },
  { label: 'steward', agency: 'health:510000', scopes: ['steward'] },
  { label: 'national steward with every scope', agency: 'police:000000', scopes: ['clue:read', 'clue:write', 'result:read', 'credit:read', 'identity:read', 'identity:photo', 'inspection:draw', 'steward'] },
];

// ---- values ------------------------------------------------------------------------------------

/** Values the hub knows, so some runs reach real rows: ID numbers, codes, regions, agencies. */
const DOMAIN_STRINGS = [
  ...seedPeople.map((p) => p.idNumber),
  ...seedInstitutions.map((i) => i.uscc),
  '510181', '510100', '510000', '310104', '000000', '999999',
  'health:510181', 'police:310104', 'tax:000000', 'nobody:510181',
  'health.events', 'health.events.dlq', 'WJ-NEW1', 'NOT_JSON',
  'CASE_INVESTIGATION', 'MjAyNi0xMC0wMVQwMDowMDowMC4wMDBafDE', 'eyJ0IjoiMjAyNiJ9', '1', '-1', '0',
];
const NASTY_STRINGS = ['', ' ', '\u0000', 'a\u0000b', '\ud800', '\udfff\ud800', '\u202e\u0644', '\r\n\t\f\v', '%00', "'; drop table clues; --", '${1+1}', '\\', '"', '{"a":1}', '510181********0079', 'ｈｅａｌｔｈ:５１０１８１', '𠀋𡈽𡌛'];

const anyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string() },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 3, arbitrary: fc.constantFrom(...DOMAIN_STRINGS) },
  { weight: 2, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 2_000, maxLength: 30_000 }) },
);
const anyInt: fc.Arbitrary<number> = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 50 }) },
  fc.integer({ min: -5, max: 120 }),
  fc.integer(),
  fc.constantFrom(2 ** 31, -(2 ** 31) - 1, Number.MAX_SAFE_INTEGER, 1e21, -0, 0.5, 1e-7),
  fc.double(),
) as fc.Arbitrary<number>;
const anyDateTime: fc.Arbitrary<string> = fc.oneof(
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString().replace('Z', '+08:00')),
  fc.constantFrom('2026-13-45T99:99:99Z', '0000-01-01T00:00:00Z', '+275760-09-13T00:00:00.000Z', '2026-10-01', 'now', '1e3'),
  anyString,
);
const wrongValue: fc.Arbitrary<unknown> = fc.jsonValue({ maxDepth: 3 });

function valueOf(type: GraphQLInputType, depth = 0): fc.Arbitrary<unknown> {
  const typed = typedValueOf(type, depth);
  return fc.oneof({ weight: 6, arbitrary: typed }, { weight: 1, arbitrary: wrongValue }, { weight: 1, arbitrary: fc.constant(null) });
}

function typedValueOf(type: GraphQLInputType, depth: number): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return typedValueOf(type.ofType, depth);
  if (isListType(type)) {
    const item = valueOf(type.ofType as GraphQLInputType, depth + 1);
    // A single value where a list is expected is valid GraphQL input coercion.
    return fc.oneof({ weight: 4, arbitrary: fc.array(item, { maxLength: 6 }) }, { weight: 1, arbitrary: item });
  }
  if (isEnumType(type)) return fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...type.getValues().map((v) => v.name)) }, { weight: 1, arbitrary: anyString });
  if (isInputObjectType(type)) {
    if (depth > 4) return fc.constant({});
    const fields = Object.fromEntries(Object.values(type.getFields()).map((field) => [field.name, valueOf(field.type, depth + 1)]));
    const known = fc.record(fields, { requiredKeys: [] });
    const extra = fc.dictionary(anyString, wrongValue, { maxKeys: 2 });
    return fc.oneof({ weight: 5, arbitrary: known }, { weight: 1, arbitrary: fc.tuple(known, extra).map(([a, b]) => ({ ...b, ...a })) });
  }
  if (isScalarType(type)) {
    switch (type.name) {
      case 'Int':
      case 'Float':
        return anyInt;
      case 'Boolean':
        return fc.boolean();
      case 'ID':
        return fc.oneof(anyString, fc.integer());
      case 'DateTime':
        return anyDateTime;
      default:
        return anyString;
    }
  }
  throw new Error(`no generator for ${String(type)}`);
}

// ---- documents ---------------------------------------------------------------------------------

/** Every field without required arguments, to a depth: enough to reach the personal fields under a subject. */
function selectionOf(type: GraphQLOutputType, depth: number): string {
  const named = getNamedType(type);
  if (isLeafType(named)) return '';
  if (!isObjectType(named)) throw new Error(`no selection for ${named.name}`);
  const parts: string[] = [];
  for (const field of Object.values(named.getFields())) {
    if (field.args.some((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined)) continue;
    if (isLeafType(getNamedType(field.type))) parts.push(field.name);
    else if (depth < SELECTION_DEPTH) {
      const inner = selectionOf(field.type, depth + 1);
      if (inner) parts.push(`${field.name}${inner}`);
    }
  }
  return parts.length > 0 ? ` { ${parts.join(' ')} }` : '';
}

function documentFor(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>): string {
  const definitions = field.args.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(', ');
  const call = field.args.length > 0 ? `(${field.args.map((arg) => `${arg.name}: $${arg.name}`).join(', ')})` : '';
  return `${kind} Fuzz${definitions ? `(${definitions})` : ''} { ${field.name}${call}${selectionOf(field.type, 1)} }`;
}

function variablesFor(args: readonly GraphQLArgument[]): fc.Arbitrary<Record<string, unknown>> {
  return fc.record(Object.fromEntries(args.map((arg) => [arg.name, fc.option(valueOf(arg.type), { nil: undefined, freq: 3 })])), { requiredKeys: [] }) as fc.Arbitrary<Record<string, unknown>>;
}

// ---- the gateway -------------------------------------------------------------------------------

let database: TestDatabase | undefined;
let hub: GatewayHarness | undefined;
const tokens = new Map<string, string>();
async function fuzzHub(): Promise<GatewayHarness> {
  if (hub) return hub;
  database = await createTestDatabase();
  await seedGatewayData(database.db);
  // Thousands of requests from a few agencies: no rate limit, everything else as production has it.
  hub = await startGatewayHarness(database.db, { gatewayOptions: { limits: { rateLimit: null } } });
  for (const caller of CALLERS) if (caller.agency) tokens.set(caller.label, await hub.tokenFor(caller.agency, caller.scopes));
  return hub;
}
after(async () => {
  process.off('unhandledRejection', onUnhandled);
  process.off('uncaughtException', onUnhandled);
  hub?.close();
  await database?.drop();
});

interface Answer {
  status: number;
  text: string;
}

async function send(harness: GatewayHarness, document: string, variables: Record<string, unknown>, caller: Caller): Promise<Answer> {
  const token = tokens.get(caller.label);
  const response = await harness.gateway.fetch('http://hub.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query: document, variables }),
  });
  return { status: response.status, text: await response.text() };
}

/** What must hold of any answer; returns the error codes seen. */
function check(field: string, caller: Caller, sent: string, answer: Answer): string[] {
  // 401: a field that needs a token, asked without one (UNAUTHENTICATED); 503 only from the replay.
  assert.ok([200, 400, 401, 403, 413, 503].includes(answer.status), `HTTP ${answer.status}: ${answer.text.slice(0, 300)}`);
  const body = JSON.parse(answer.text) as { data?: unknown; errors?: Array<{ message?: unknown; extensions?: { code?: unknown } }> };
  assert.ok(body !== null && typeof body === 'object' && !Array.isArray(body), 'a JSON object');
  assert.ok('data' in body || 'errors' in body, 'data or errors');
  assert.ok(body.data === undefined || body.data === null || (typeof body.data === 'object' && !Array.isArray(body.data)), 'data is an object or null');
  const codes: string[] = [];
  if (body.errors !== undefined) {
    assert.ok(Array.isArray(body.errors) && body.errors.length > 0, 'errors is a non-empty list');
    for (const error of body.errors) {
      assert.equal(typeof error.message, 'string');
      const code = error.extensions?.code;
      assert.ok(typeof code === 'string' && KNOWN_CODES.has(code as GatewayErrorCode), `unknown or unexpected error code ${String(code)}: ${String(error.message).slice(0, 200)}`);
      if (code === 'SERVICE_UNAVAILABLE') assert.ok(NEEDS_BROKER.has(field), `SERVICE_UNAVAILABLE from ${field}: ${String(error.message)}`);
      codes.push(code);
    }
  }
  if (answer.status === 503) assert.ok(codes.includes('SERVICE_UNAVAILABLE'));
  if (answer.status === 401) assert.ok(caller.agency === undefined && codes.includes('UNAUTHENTICATED'), 'every token here is valid');
  // Personal data the caller sent itself may come back in an error message; anything else needs the scope.
  for (const person of seedPeople) {
    if (!caller.scopes.includes('identity:read')) {
      for (const value of [person.idNumber, person.name]) assert.ok(!answer.text.includes(value) || sent.includes(value), `${caller.label} saw ${field} answer with a person's unmasked data`);
    }
    if (!caller.scopes.includes('identity:photo')) assert.ok(!answer.text.includes(person.photoRef), `${caller.label} saw a photo reference through ${field}`);
  }
  return codes;
}

const roots = [
  ['query', schema.getQueryType()!],
  ['mutation', schema.getMutationType()!],
] as const;

for (const [kind, root] of roots) {
  for (const field of Object.values(root.getFields())) {
    test(`${kind} ${field.name}: arbitrary arguments from every caller get well-formed answers with known codes`, async (t) => {
      // fast-check names the seed and the shrunk counterexample of a failure; FUZZ_SEED=<seed> replays it.
      t.diagnostic(`seed ${SEED}, ${field.args.length > 0 ? RUNS_PER_FIELD : 20} runs`);
      const harness = await fuzzHub();
      const document = documentFor(kind, field);
      const seen = new Map<string, number>();
      let answeredWithData = 0;
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...CALLERS), variablesFor(field.args), async (caller, variables) => {
          const sent = JSON.stringify(variables);
          const answer = await send(harness, document, variables, caller);
          const codes = check(field.name, caller, sent, answer);
          for (const code of codes.length > 0 ? codes : ['none']) seen.set(code, (seen.get(code) ?? 0) + 1);
          if (/"data":\{"/.test(answer.text)) answeredWithData += 1;
        }),
        { numRuns: field.args.length > 0 ? RUNS_PER_FIELD : 20, seed: SEED },
      );
      t.diagnostic(`answers by error code: ${[...seen].map(([code, n]) => `${code} ${n}`).join(', ')}; with data: ${answeredWithData}`);
      // The runs reached the resolvers, not only the input checks: some answers carried data.
      if (kind === 'query') assert.ok(answeredWithData > 0, 'no run got past the argument checks');
    });
  }
}

test('no rejection went unhandled and nothing was thrown outside a request', () => {
  assert.deepEqual(unhandled, []);
});
