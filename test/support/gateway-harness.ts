import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import type { HubDatabase } from '../../schema/db/database.ts';
import { startAccessPolicyCache } from '../../gateway/access/access-policy.ts';
import { createAuditAppender } from '../../gateway/audit/audit-appender.ts';
import type { Scope } from '../../gateway/auth/caller.ts';
import { loadOrCreateDevKeys, type DevKeys } from '../../gateway/auth/dev-keys.ts';
import { keysFromPublicJwks } from '../../gateway/auth/key-sources.ts';
import { mintToken } from '../../gateway/auth/mint-token.ts';
import { bearerToken, createTokenVerifier } from '../../gateway/auth/verify-token.ts';
import { cacheVerifiedTokens } from '../../gateway/auth/verified-token-cache.ts';
import type { AuditSink, StewardServices } from '../../gateway/context.ts';
import { createGateway, type Gateway, type GatewayOptions } from '../../gateway/server/create-gateway.ts';
import { seedGatewayData, seedGatewayDeadLetters } from './gateway-seed.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';
import { testLogger } from './test-log.ts';

export const TEST_ISSUER = 'supervision-hub-test';
export const TEST_AUDIENCE = 'supervision-hub';

export interface GatewayHarness {
  gateway: Gateway;
  /** The key the gateway trusts, for tests that forge tokens around it. */
  signer: DevKeys;
  /** A token for `department:region` with these scopes, signed by the harness's trusted key. */
  tokenFor(agency: string, scopes: Scope[], region?: string): Promise<string>;
  /** POSTs a GraphQL request through the gateway's fetch handler (no port). */
  query(document: string, options?: { token?: string; variables?: Record<string, unknown>; operationName?: string }): Promise<{ status: number; body: GraphQLBody }>;
  close(): void;
}

export interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: { code?: string; [key: string]: unknown } }>;
}

/** Silent on the console (unless TEST_LOG_LEVEL), kept in full for the suite's personal-data check. */
export const quietGatewayLog = testLogger('gateway');
const auditLog = testLogger('audit');

/** The gateway over `db` as production wires it (real token verification, real audit appends), minus the HTTP listener. */
export async function startGatewayHarness(
  db: HubDatabase,
  options: {
    audit?: AuditSink;
    accessOf?: GatewayOptions['accessOf'];
    republish?: StewardServices['republish'];
    /** Limits, introspection policy, persisted operations: for tests of those (others keep the defaults). */
    gatewayOptions?: Partial<Pick<GatewayOptions, 'limits' | 'introspection' | 'hideSuggestions' | 'persistedOperations' | 'log'>>;
  } = {},
): Promise<GatewayHarness> {
  const keyDir = mkdtempSync(join(tmpdir(), 'hub-keys-'));
  const keys = await loadOrCreateDevKeys(keyDir);
  const verify = cacheVerifiedTokens(createTokenVerifier({ keys: keysFromPublicJwks(keys.publicJwks), issuers: [TEST_ISSUER], audience: TEST_AUDIENCE }));
  // The real policy (grants and suspensions from the database), as production wires it.
  const accessPolicy = await startAccessPolicyCache(db, { log: quietGatewayLog });
  const gateway = createGateway({
    db,
    authenticate: async (request) => {
      const token = bearerToken(request.headers.get('authorization'));
      return token === undefined ? null : verify(token);
    },
    accessOf: options.accessOf ?? accessPolicy.accessOf,
    audit: options.audit ?? createAuditAppender(db, { log: auditLog }),
    stewardship: { accessChanged: accessPolicy.changed, republish: options.republish },
    graphiql: false,
    isReady: async () => true,
    log: quietGatewayLog,
    ...options.gatewayOptions,
  });
  return {
    gateway,
    signer: keys,
    tokenFor: (agency, scopes, region) => mintToken(keys, { agency, scopes, region, issuer: TEST_ISSUER, audience: TEST_AUDIENCE }),
    async query(document, { token, variables, operationName } = {}) {
      const response = await gateway.fetch('http://hub.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query: document, variables, operationName }),
      });
      return { status: response.status, body: (await response.json()) as GraphQLBody };
    },
    close: () => {
      accessPolicy.stop();
      rmSync(keyDir, { recursive: true, force: true });
    },
  };
}

/**
 * For a test file: before its tests, a database of its own with the seeded
 * data set and a gateway over it; after them, both gone. Read `fixture.hub`
 * and `fixture.database` inside tests.
 */
export function seededGatewayFixture(options: { deadLetters?: boolean } = {}): { readonly database: TestDatabase; readonly hub: GatewayHarness } {
  const fixture = {} as { database: TestDatabase; hub: GatewayHarness };
  before(async () => {
    fixture.database = await createTestDatabase();
    await seedGatewayData(fixture.database.db);
    if (options.deadLetters) await seedGatewayDeadLetters(fixture.database.db);
    fixture.hub = await startGatewayHarness(fixture.database.db);
  });
  after(async () => {
    fixture.hub?.close();
    await fixture.database?.drop();
  });
  return fixture;
}
