import { resolve } from 'node:path';
import { defaultGatewayLimits, type GatewayLimits } from '../gateway/server/gateway-limits.ts';

export type HubRole = 'all' | 'gateway' | 'connectors';

export interface HubConfig {
  database: { driver: 'postgres'; url: string } | { driver: 'pglite'; dataDir: string };
  /** `null`: start the embedded broker. */
  kafkaBrokers: string[] | null;
  port: number;
  /** Port of the `/metrics` listener in role `connectors` (roles `all` and `gateway` serve `/metrics` on `port`). */
  metricsPort: number;
  /** Interface the gateway listens on: 127.0.0.1 in development, 0.0.0.0 in production, or `HOST`. */
  host: string;
  role: HubRole;
  dataDir: string;
  /** Publish the generated demo data set through Kafka at start. */
  demo: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** `pretty` for a person at a terminal, `json` for log collectors. */
  logFormat: 'json' | 'pretty';
  /** How often the audit chain head is copied to `hub.audit` (by the process running the connectors). */
  auditHeadIntervalMs: number;
  /** `NODE_ENV=production`: GraphiQL off, generated dev keys refused. */
  production: boolean;
  auth: AuthConfig;
  shutdown: ShutdownConfig;
  graphql: GraphqlConfig;
}

/** What one GraphQL request may ask of the gateway (deploy/CONFIGURATION.md, GraphQL limits). */
export interface GraphqlConfig {
  limits: GatewayLimits;
  /** PostgreSQL's statement_timeout for the pool of a process serving GraphQL (roles all and gateway); 0: none. */
  statementTimeoutMs: number;
  /** Persisted-operations mode: only the documents in this file (and the console's) run. */
  persistedOperationsFile: string | null;
}

/** A graceful stop on SIGTERM or SIGINT (deploy/CONFIGURATION.md, Stopping). */
export interface ShutdownConfig {
  /** How long `/readyz` answers 503 while requests are still served, so load balancers stop sending any. */
  drainMs: number;
  /** The bound on the whole stop from the signal on; past it the process exits 1, naming what did not finish. */
  timeoutMs: number;
}

export interface AuthConfig {
  /** Where trusted public keys come from; `dev`: a key pair generated in the data folder, demo tokens printed. */
  keys: { source: 'file'; path: string } | { source: 'url'; url: string } | { source: 'dev'; dir: string };
  issuers: string[];
  audience: string;
}

/** Every problem found in the environment, reported at once. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Reads the hub's configuration from environment variables (see DESIGN.md, Configuration). Pure. */
export function loadConfig(env: Record<string, string | undefined>, cwd = process.cwd(), { stderrIsTerminal = false } = {}): HubConfig {
  const problems: string[] = [];
  const dataDir = resolve(cwd, env.HUB_DATA_DIR || 'data');

  const url = env.DATABASE_URL?.trim();
  if (url && !/^postgres(ql)?:\/\//.test(url)) problems.push('DATABASE_URL must be a postgres:// or postgresql:// connection string');

  let kafkaBrokers: string[] | null = null;
  if (env.KAFKA_BROKERS?.trim()) {
    kafkaBrokers = env.KAFKA_BROKERS.split(',').map((b) => b.trim()).filter(Boolean);
    const bad = kafkaBrokers.filter((b) => !/^[\w.-]+:\d{1,5}$/.test(b));
    if (bad.length > 0) problems.push(`KAFKA_BROKERS must be host:port pairs separated by commas; not understood: ${bad.join(', ')}`);
  }

  const port = Number(env.PORT ?? '4000');
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push('PORT must be a whole number from 0 to 65535');

  const metricsPort = Number(env.METRICS_PORT ?? '9464');
  if (!Number.isInteger(metricsPort) || metricsPort < 0 || metricsPort > 65535) problems.push('METRICS_PORT must be a whole number from 0 to 65535');

  const host = env.HOST?.trim() || (env.NODE_ENV === 'production' ? '0.0.0.0' : '127.0.0.1');
  if (!/^[\w.:-]+$/.test(host)) problems.push('HOST must be an IP address or host name, e.g. 0.0.0.0');

  const role = (env.HUB_ROLE ?? 'all') as HubRole;
  if (!['all', 'gateway', 'connectors'].includes(role)) problems.push('HUB_ROLE must be all, gateway or connectors');

  const logLevel = (env.LOG_LEVEL ?? 'info') as HubConfig['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);

  const logFormat = (env.LOG_FORMAT ?? (stderrIsTerminal ? 'pretty' : 'json')) as HubConfig['logFormat'];
  if (!['json', 'pretty'].includes(logFormat)) problems.push('LOG_FORMAT must be json or pretty');

  const demoSetting = env.HUB_DEMO?.trim().toLowerCase();
  if (demoSetting && !['0', '1', 'true', 'false'].includes(demoSetting)) problems.push('HUB_DEMO must be 1/true or 0/false');
  const demo = demoSetting ? demoSetting === '1' || demoSetting === 'true' : kafkaBrokers === null;

  const auditHeadSeconds = Number(env.AUDIT_HEAD_INTERVAL ?? '60');
  if (!Number.isInteger(auditHeadSeconds) || auditHeadSeconds < 1 || auditHeadSeconds > 86_400) problems.push('AUDIT_HEAD_INTERVAL must be a whole number of seconds from 1 to 86400');

  const production = env.NODE_ENV === 'production';
  const auth = loadAuthConfig(env, cwd, dataDir, problems);
  const shutdown = loadShutdownConfig(env, production, problems);
  const graphql = loadGraphqlConfig(env, cwd, problems);

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    database: url ? { driver: 'postgres', url } : { driver: 'pglite', dataDir: resolve(dataDir, 'pglite') },
    kafkaBrokers,
    port,
    metricsPort,
    host,
    role,
    dataDir,
    demo,
    logLevel,
    logFormat,
    auditHeadIntervalMs: auditHeadSeconds * 1000,
    production,
    auth,
    shutdown,
    graphql,
  };
}

function loadGraphqlConfig(env: Record<string, string | undefined>, cwd: string, problems: string[]): GraphqlConfig {
  const number = (name: string, fallback: number, min: number, max: number, unit = ''): number => {
    const value = Number(env[name] ?? fallback);
    if (Number.isInteger(value) && value >= min && value <= max) return value;
    problems.push(`${name} must be a whole number${unit} from ${min} to ${max}`);
    return fallback;
  };
  const defaults = defaultGatewayLimits;
  const rate = defaults.rateLimit!;
  const perMinute = number('RATE_LIMIT_PER_MINUTE', rate.perMinute, 0, 1_000_000);
  const limits: GatewayLimits = {
    maxDepth: number('GRAPHQL_MAX_DEPTH', defaults.maxDepth, 1, 100),
    maxCost: number('GRAPHQL_MAX_COST', defaults.maxCost, 1, 1_000_000_000),
    maxAliases: number('GRAPHQL_MAX_ALIASES', defaults.maxAliases, 0, 10_000),
    maxDirectives: number('GRAPHQL_MAX_DIRECTIVES', defaults.maxDirectives, 0, 10_000),
    maxTokens: number('GRAPHQL_MAX_TOKENS', defaults.maxTokens, 10, 1_000_000),
    maxBodyBytes: number('GRAPHQL_MAX_BODY_BYTES', defaults.maxBodyBytes, 1_024, 100 * 1024 * 1024, ' of bytes'),
    maxVariables: number('GRAPHQL_MAX_VARIABLES', defaults.maxVariables, 1, 100_000),
    maxListLength: number('GRAPHQL_MAX_LIST_LENGTH', defaults.maxListLength, 1, 1_000_000),
    executionTimeoutMs: number('GRAPHQL_TIMEOUT_MS', defaults.executionTimeoutMs, 0, 3_600_000, ' of milliseconds'),
    // RATE_LIMIT_PER_MINUTE=0 switches the rate limit off.
    rateLimit:
      perMinute === 0
        ? null
        : {
            perMinute,
            burst: number('RATE_LIMIT_BURST', rate.burst, 1, 1_000_000),
            anonymousPerMinute: number('RATE_LIMIT_ANONYMOUS_PER_MINUTE', rate.anonymousPerMinute, 1, 1_000_000),
            anonymousBurst: number('RATE_LIMIT_ANONYMOUS_BURST', rate.anonymousBurst, 1, 1_000_000),
          },
  };
  const statementTimeoutMs = number('DATABASE_STATEMENT_TIMEOUT_MS', limits.executionTimeoutMs, 0, 3_600_000, ' of milliseconds');
  const file = env.PERSISTED_OPERATIONS_FILE?.trim();
  return { limits, statementTimeoutMs, persistedOperationsFile: file ? resolve(cwd, file) : null };
}

/**
 * Production drains for 5 s: Kubernetes takes a terminating pod out of its
 * Service while it sends SIGTERM, and proxies need a few seconds to follow;
 * a load balancer polling /readyz every 2 s sees two failures in 4 s. In
 * development nothing balances load, so Ctrl-C stops at once.
 */
function loadShutdownConfig(env: Record<string, string | undefined>, production: boolean, problems: string[]): ShutdownConfig {
  const drainMs = Number(env.SHUTDOWN_DRAIN_MS ?? (production ? '5000' : '0'));
  const timeoutMs = Number(env.SHUTDOWN_TIMEOUT_MS ?? '20000');
  const drainOk = Number.isInteger(drainMs) && drainMs >= 0 && drainMs <= 300_000;
  const timeoutOk = Number.isInteger(timeoutMs) && timeoutMs >= 1_000 && timeoutMs <= 600_000;
  if (!drainOk) problems.push('SHUTDOWN_DRAIN_MS must be a whole number of milliseconds from 0 to 300000');
  if (!timeoutOk) problems.push('SHUTDOWN_TIMEOUT_MS must be a whole number of milliseconds from 1000 to 600000');
  if (drainOk && timeoutOk && drainMs >= timeoutMs) problems.push('SHUTDOWN_DRAIN_MS must be shorter than SHUTDOWN_TIMEOUT_MS (the drain is part of the stop)');
  return { drainMs, timeoutMs };
}

function loadAuthConfig(env: Record<string, string | undefined>, cwd: string, dataDir: string, problems: string[]): AuthConfig {
  const file = env.AUTH_JWKS_FILE?.trim();
  const url = env.AUTH_JWKS_URL?.trim();
  let keys: AuthConfig['keys'] = { source: 'dev', dir: resolve(dataDir, 'dev-keys') };
  if (file && url) problems.push('set AUTH_JWKS_FILE or AUTH_JWKS_URL, not both');
  else if (file) keys = { source: 'file', path: resolve(cwd, file) };
  else if (url) {
    // Plain http only for a key server on this machine (tests, a sidecar); anything else must be https.
    if (!/^https:\/\//.test(url) && !/^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//.test(url)) problems.push('AUTH_JWKS_URL must be an https:// URL (http:// only for 127.0.0.1 or localhost)');
    keys = { source: 'url', url };
  }

  const issuers = (env.AUTH_ISSUERS ?? 'supervision-hub-dev').split(',').map((i) => i.trim()).filter(Boolean);
  if (issuers.length === 0) problems.push('AUTH_ISSUERS must name at least one trusted issuer');
  const audience = (env.AUTH_AUDIENCE ?? 'supervision-hub').trim();
  if (!audience) problems.push('AUTH_AUDIENCE must not be empty');
  return { keys, issuers, audience };
}
