import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import type { JWTVerifyGetKey } from 'jose';
import type { DatabaseHandle } from '../schema/db/database.ts';
import { createConsole } from '../console/create-console.ts';
import { graphqlThroughGateway } from '../console/graphql-client.ts';
import { serveBesideGateway } from '../console/serve-beside-gateway.ts';
import { startAccessPolicyCache } from '../gateway/access/access-policy.ts';
import { createAuditAppender } from '../gateway/audit/audit-appender.ts';
import { mintDemoTokens } from '../gateway/auth/demo-tokens.ts';
import { loadOrCreateDevKeys } from '../gateway/auth/dev-keys.ts';
import { mintToken } from '../gateway/auth/mint-token.ts';
import { keysFromJwksFile, keysFromJwksUrl, keysFromPublicJwks } from '../gateway/auth/key-sources.ts';
import { bearerToken, createTokenVerifier } from '../gateway/auth/verify-token.ts';
import { cacheVerifiedTokens } from '../gateway/auth/verified-token-cache.ts';
import type { StewardServices } from '../gateway/context.ts';
import { createGateway } from '../gateway/server/create-gateway.ts';
import { ConfigError, type HubConfig } from './config.ts';
import type { HubLogger } from './logger.ts';
import { loadPersistedOperations } from './persisted-operations.ts';
import type { HubMetrics } from './metrics.ts';
import { StopSteps } from './stop-steps.ts';

/** The region the demo data and demo tokens share (都江堰市). */
export const DEMO_REGION = '510181';
/** The demo data stewards: a provincial one (四川省) manages grants, suspensions and the rest of its province; only a national one (全国) maps codes. */
const DEMO_STEWARDS = [
  { region: '510000', note: 'provincial steward (四川省)' },
  { region: '000000', note: 'national steward (全国): maps codes' },
] as const;

export interface RunningGateway {
  url: string;
  /**
   * Graceful stop: `/readyz` answers 503 at once while requests are still
   * served for the drain (`config.shutdown.drainMs`), so load balancers take
   * this replica out; then the listener refuses new connections, the requests
   * in flight finish, and the access-policy poll stops.
   */
  stop(steps?: StopSteps): Promise<void>;
}

export interface StartGatewayOptions {
  isBrokerReady?: () => Promise<boolean>;
  /** Sends a steward's dead-letter replay to the broker; without one (no broker configured) replay answers SERVICE_UNAVAILABLE. */
  republish?: StewardServices['republish'];
  /** The process's metrics: observed by the gateway and served at `/metrics`. */
  metrics?: HubMetrics;
}

/** Serves the GraphQL gateway over HTTP on the configured port, with keys from the configured source. */
export async function startGateway(config: HubConfig, database: DatabaseHandle, log: HubLogger, options: StartGatewayOptions = {}): Promise<RunningGateway> {
  if (config.production && config.auth.keys.source === 'dev') {
    throw new ConfigError(['NODE_ENV=production needs AUTH_JWKS_FILE or AUTH_JWKS_URL for the gateway: generated development keys are refused in production']);
  }
  const keys = await trustedKeys(config, log);
  // Grants and suspensions: polled from the database, so a steward's change on any replica applies here within a second.
  const accessPolicy = await startAccessPolicyCache(database.db, { log });
  const verify = cacheVerifiedTokens(createTokenVerifier({ keys, issuers: config.auth.issuers, audience: config.auth.audience }));
  // Set by stop(): /readyz answers 503 from then on.
  let stopping = false;
  const persistedOperations = config.graphql.persistedOperationsFile ? await loadPersistedOperations(config.graphql.persistedOperationsFile) : null;
  if (persistedOperations) log.info({ operations: persistedOperations.size }, 'persisted-operations mode: only known documents run (the console\'s included)');
  const gateway = createGateway({
    db: database.db,
    authenticate: async (request) => {
      const token = bearerToken(request.headers.get('authorization'));
      return token === undefined ? null : verify(token);
    },
    accessOf: accessPolicy.accessOf,
    audit: createAuditAppender(database.db, { metrics: options.metrics?.gateway, log }),
    stewardship: { accessChanged: accessPolicy.changed, republish: options.republish },
    graphiql: !config.production,
    isReady: async () => {
      if (stopping) return false;
      try {
        await database.db.execute(sql`select 1`);
        return (await options.isBrokerReady?.()) ?? true;
      } catch {
        return false;
      }
    },
    log,
    metrics: options.metrics?.gateway,
    limits: config.graphql.limits,
    // In production the schema is for stewards, and error messages name no field the caller did not write.
    introspection: config.production ? 'stewards' : 'everyone',
    hideSuggestions: config.production,
    persistedOperations,
  });
  // The steward console at /console, talking to this gateway through GraphQL only.
  const stewardConsole = createConsole({ graphql: graphqlThroughGateway(gateway), production: config.production, log });
  const serve = serveBesideGateway(gateway, stewardConsole);
  let inFlight = 0;
  const server = createServer((req, res) => {
    inFlight++;
    res.once('close', () => inFlight--);
    serve(req, res);
  });
  const { host } = config;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, host, () => resolve());
  });
  const url = `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host}:${(server.address() as AddressInfo).port}/graphql`;
  const consoleUrl = url.replace(/\/graphql$/, '/console/');
  log.info({ url, graphiql: !config.production, console: consoleUrl }, 'GraphQL gateway listening');
  if (config.auth.keys.source === 'dev') {
    process.stdout.write(`\nSteward console: ${consoleUrl}\n  sign in with a [steward] token printed above (the national one to map codes)\n\n`);
  }
  return {
    url,
    async stop(steps = new StopSteps()) {
      stopping = true;
      const { drainMs } = config.shutdown;
      if (drainMs > 0) {
        log.info({ drainMs }, 'stopping: /readyz answers 503; still serving until load balancers have taken this replica out');
        await steps.run('draining (/readyz answering 503)', () => sleep(drainMs));
      }
      await steps.run(() => `http requests in flight (${inFlight})`, () => closeListener(server));
      accessPolicy.stop();
    },
  };
}

/** Refuses new connections at once and resolves once every open one has ended: requests in flight finish first. */
function closeListener(server: Server): Promise<void> {
  return new Promise((resolve) => {
    // A keep-alive connection is closed once it is idle, including when its last request has just been answered.
    const closeIdle = setInterval(() => server.closeIdleConnections(), 100);
    server.close(() => {
      clearInterval(closeIdle);
      resolve();
    });
    server.closeIdleConnections();
  });
}

async function trustedKeys(config: HubConfig, log: HubLogger): Promise<JWTVerifyGetKey> {
  const source = config.auth.keys;
  if (source.source === 'file') return keysFromJwksFile(source.path);
  if (source.source === 'url') return keysFromJwksUrl(source.url);
  const dev = await loadOrCreateDevKeys(source.dir);
  log.warn({ keyFile: source.dir }, 'no AUTH_JWKS_FILE or AUTH_JWKS_URL: using the development key pair (never in production)');
  const tokens = await mintDemoTokens(dev, { issuer: config.auth.issuers[0]!, audience: config.auth.audience, region: DEMO_REGION });
  process.stdout.write(`\nDemo tokens (8 h, region ${DEMO_REGION}); send as  Authorization: Bearer <token>\n`);
  const stewards = await Promise.all(
    DEMO_STEWARDS.map(async ({ region, note }) => {
      const steward = { agency: `health:${region}`, scopes: ['steward' as const] };
      return { ...steward, note, token: await mintToken(dev, { ...steward, subject: 'dev-data-steward', issuer: config.auth.issuers[0]!, audience: config.auth.audience }) };
    }),
  );
  const printed: Array<{ agency: string; scopes: string[]; token: string; note?: string }> = [...tokens, ...stewards];
  for (const { agency, scopes, token, note } of printed) process.stdout.write(`\n  ${agency}  [${scopes.join(' ')}]${note ? `  # ${note}` : ''}\n  ${token}\n`);
  process.stdout.write(`\nMore: npm run token -- --agency police:${DEMO_REGION} --scope "clue:read identity:read"\n\n`);
  return keysFromPublicJwks(dev.publicJwks);
}
