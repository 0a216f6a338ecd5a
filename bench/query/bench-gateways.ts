import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HubDatabase } from '../../schema/db/database.ts';
import { startAccessPolicyCache } from '../../gateway/access/access-policy.ts';
import { homeJurisdictionAccess } from '../../gateway/access/access-scope.ts';
import { createAuditAppender } from '../../gateway/audit/audit-appender.ts';
import { AGENCY_FORMAT, parseAgency } from '../../gateway/auth/agency.ts';
import type { Caller, Scope } from '../../gateway/auth/caller.ts';
import { loadOrCreateDevKeys } from '../../gateway/auth/dev-keys.ts';
import { keysFromPublicJwks } from '../../gateway/auth/key-sources.ts';
import { mintToken } from '../../gateway/auth/mint-token.ts';
import { bearerToken, createTokenVerifier } from '../../gateway/auth/verify-token.ts';
import { cacheVerifiedTokens } from '../../gateway/auth/verified-token-cache.ts';
import { createGateway, type GatewayOptions } from '../../gateway/server/create-gateway.ts';

/** One gateway listening on 127.0.0.1, and the headers a request to it needs. */
export interface BenchGateway {
  label: string;
  url: string;
  headers: Record<string, string>;
  stop(): Promise<void>;
}

/** Who the benchmark calls as: a city-level agency with its scopes. */
export interface BenchCaller {
  agency: string;
  region: string;
  scopes: Scope[];
}

/** Counts what the gateways log as errors (a masked internal error under load), printing the first few. */
export const gatewayErrors = { count: 0 };
const benchLog: GatewayOptions['log'] = {
  debug() {},
  warn() {},
  error(object, message) {
    if (gatewayErrors.count++ < 3) process.stderr.write(`gateway error: ${message ?? ''} ${JSON.stringify(object)}\n`);
  },
};

const ISSUER = 'supervision-hub-bench';
const AUDIENCE = 'supervision-hub';
/**
 * The benchmark drives one agency far past the default per-agency rate limit (3,000 requests a minute):
 * buckets too large to empty, so each request still pays for the limiter but none is refused.
 */
const BENCH_LIMITS: GatewayOptions['limits'] = { rateLimit: { perMinute: 1e9, burst: 1e9, anonymousPerMinute: 1e9, anonymousBurst: 1e9 } };

async function listen(label: string, options: GatewayOptions, headers: Record<string, string>, cleanup = () => {}): Promise<BenchGateway> {
  const server = createServer(createGateway(options));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    label,
    url: `http://127.0.0.1:${port}/graphql`,
    headers,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        cleanup();
      }),
  };
}

/**
 * The gateway as `hub/start-gateway.ts` wires it: every request's ES256
 * token verified against the development key pair, every unmasked read
 * appended to the hash-chained audit log in the same database, grants and
 * suspensions from the polled access policy.
 */
export async function startProductionWiredGateway(db: HubDatabase, caller: BenchCaller): Promise<BenchGateway> {
  const keyDir = mkdtempSync(join(tmpdir(), 'bench-query-keys-'));
  const keys = await loadOrCreateDevKeys(keyDir);
  const verify = cacheVerifiedTokens(createTokenVerifier({ keys: keysFromPublicJwks(keys.publicJwks), issuers: [ISSUER], audience: AUDIENCE }));
  const token = await mintToken(keys, { agency: caller.agency, region: caller.region, scopes: caller.scopes, issuer: ISSUER, audience: AUDIENCE, subject: 'bench-officer' });
  const accessPolicy = await startAccessPolicyCache(db, { log: benchLog });
  const options: GatewayOptions = {
    db,
    authenticate: async (request) => {
      const presented = bearerToken(request.headers.get('authorization'));
      return presented === undefined ? null : verify(presented);
    },
    accessOf: accessPolicy.accessOf,
    audit: createAuditAppender(db),
    graphiql: false,
    isReady: async () => true,
    log: benchLog,
    limits: BENCH_LIMITS,
  };
  return listen('auth+audit', options, { authorization: `Bearer ${token}` }, () => {
    accessPolicy.stop();
    rmSync(keyDir, { recursive: true, force: true });
  });
}

/** The same gateway with nothing verified and nothing audited: a fixed caller, a sink that drops every entry. */
export async function startUncheckedGateway(db: HubDatabase, caller: BenchCaller): Promise<BenchGateway> {
  const home = parseAgency(caller.agency);
  if (home === undefined) throw new RangeError(`agency must be ${AGENCY_FORMAT}`);
  const fixed: Caller = { subject: 'bench-officer', agency: caller.agency, department: home.department, region: caller.region, scopes: new Set(caller.scopes), expiresAt: new Date(8.64e15) };
  const options: GatewayOptions = {
    db,
    authenticate: async () => fixed,
    accessOf: homeJurisdictionAccess,
    audit: { append: async () => {} },
    graphiql: false,
    isReady: async () => true,
    log: benchLog,
    limits: BENCH_LIMITS,
  };
  return listen('no auth', options, {});
}
