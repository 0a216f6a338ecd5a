import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultGatewayLimits } from '../gateway/server/gateway-limits.ts';
import { ConfigError, loadConfig } from './config.ts';

test('nothing configured means embedded defaults: PGlite in ./data, embedded broker, demo data', () => {
  const config = loadConfig({}, '/srv/hub');
  assert.deepEqual(config.database, { driver: 'pglite', dataDir: '/srv/hub/data/pglite' });
  assert.equal(config.kafkaBrokers, null);
  assert.equal(config.demo, true);
  assert.equal(config.port, 4000);
  assert.equal(config.role, 'all');
  assert.equal(config.logFormat, 'json');
  assert.equal(loadConfig({}, '/srv/hub', { stderrIsTerminal: true }).logFormat, 'pretty');
});

test('a configured cluster and database are used, and the demo is off unless asked for', () => {
  const config = loadConfig({ DATABASE_URL: 'postgres://hub@db:5432/hub', KAFKA_BROKERS: 'k1:9092, k2:9092' });
  assert.deepEqual(config.database, { driver: 'postgres', url: 'postgres://hub@db:5432/hub' });
  assert.deepEqual(config.kafkaBrokers, ['k1:9092', 'k2:9092']);
  assert.equal(config.demo, false);
  assert.equal(loadConfig({ KAFKA_BROKERS: 'k1:9092', HUB_DEMO: '1' }).demo, true);
});

test('every problem is reported at once', () => {
  assert.throws(
    () => loadConfig({ DATABASE_URL: 'mysql://x', KAFKA_BROKERS: 'nohost', PORT: 'abc', HUB_ROLE: 'both', LOG_LEVEL: 'loud', LOG_FORMAT: 'xml' }),
    (error: unknown) => error instanceof ConfigError && error.code === 'CONFIG_INVALID' && error.problems.length === 6,
  );
});

test('with no key source configured, development generates keys in the data folder', () => {
  const config = loadConfig({}, '/srv/hub');
  assert.deepEqual(config.auth, { keys: { source: 'dev', dir: '/srv/hub/data/dev-keys' }, issuers: ['supervision-hub-dev'], audience: 'supervision-hub' });
  assert.equal(config.production, false);
});

test('auth settings are read and checked together', () => {
  const config = loadConfig({ AUTH_JWKS_URL: 'https://idp.example.gov.cn/jwks.json', AUTH_ISSUERS: 'a, b', AUTH_AUDIENCE: 'hub', NODE_ENV: 'production' });
  assert.deepEqual(config.auth, { keys: { source: 'url', url: 'https://idp.example.gov.cn/jwks.json' }, issuers: ['a', 'b'], audience: 'hub' });
  assert.equal(config.production, true);
  assert.deepEqual(loadConfig({ AUTH_JWKS_FILE: 'keys/jwks.json' }, '/srv/hub').auth.keys, { source: 'file', path: '/srv/hub/keys/jwks.json' });
  assert.throws(
    () => loadConfig({ AUTH_JWKS_URL: 'http://idp.example.gov.cn/jwks.json', AUTH_JWKS_FILE: 'x', AUTH_ISSUERS: ' , ' }),
    (error: unknown) => error instanceof ConfigError && error.problems.length === 2,
  );
  assert.throws(() => loadConfig({ AUTH_JWKS_URL: 'http://idp.example.gov.cn/jwks.json' }), /https/);
  // Keys are checked when the gateway starts (start-gateway.ts): migrate and the connectors need none.
  assert.equal(loadConfig({ NODE_ENV: 'production' }).auth.keys.source, 'dev');
});

test('the gateway listens on this machine only in development, on every interface in production, or on HOST', () => {
  assert.equal(loadConfig({}).host, '127.0.0.1');
  assert.equal(loadConfig({ NODE_ENV: 'production' }).host, '0.0.0.0');
  assert.equal(loadConfig({ HOST: '0.0.0.0' }).host, '0.0.0.0');
  assert.throws(() => loadConfig({ HOST: 'a b' }), /HOST/);
});

test('the audit chain head is copied out every minute unless told otherwise', () => {
  assert.equal(loadConfig({}).auditHeadIntervalMs, 60_000);
  assert.equal(loadConfig({ AUDIT_HEAD_INTERVAL: '5' }).auditHeadIntervalMs, 5_000);
  assert.throws(() => loadConfig({ AUDIT_HEAD_INTERVAL: '0' }), /AUDIT_HEAD_INTERVAL/);
});

test('a graceful stop drains 5 s in production and none in development, within 20 s unless told otherwise', () => {
  assert.deepEqual(loadConfig({}).shutdown, { drainMs: 0, timeoutMs: 20_000 });
  assert.deepEqual(loadConfig({ NODE_ENV: 'production' }).shutdown, { drainMs: 5_000, timeoutMs: 20_000 });
  assert.deepEqual(loadConfig({ SHUTDOWN_DRAIN_MS: '1500', SHUTDOWN_TIMEOUT_MS: '8000' }).shutdown, { drainMs: 1_500, timeoutMs: 8_000 });
  assert.throws(() => loadConfig({ SHUTDOWN_DRAIN_MS: '-1', SHUTDOWN_TIMEOUT_MS: '2.5' }), (error: unknown) => error instanceof ConfigError && error.problems.length === 2);
  assert.throws(() => loadConfig({ SHUTDOWN_DRAIN_MS: '20000' }), /shorter than SHUTDOWN_TIMEOUT_MS/);
});

test('role connectors serves /metrics on METRICS_PORT, 9464 unless set', () => {
  assert.equal(loadConfig({}).metricsPort, 9464);
  assert.equal(loadConfig({ METRICS_PORT: '0' }).metricsPort, 0);
  assert.throws(() => loadConfig({ METRICS_PORT: '70000' }), (error: unknown) => error instanceof ConfigError && /METRICS_PORT/.test(error.problems.join()));
});

test('GraphQL limits default to the gateway defaults, each settable, every bad value reported; a rate of 0 switches the rate limit off', () => {
  const { graphql } = loadConfig({}, '/srv/hub');
  assert.deepEqual(graphql.limits, defaultGatewayLimits);
  assert.equal(graphql.statementTimeoutMs, defaultGatewayLimits.executionTimeoutMs, 'statements bounded like the request by default');
  assert.equal(graphql.persistedOperationsFile, null);

  const set = loadConfig(
    {
      GRAPHQL_MAX_DEPTH: '8', GRAPHQL_MAX_COST: '5000', GRAPHQL_MAX_ALIASES: '5', GRAPHQL_MAX_DIRECTIVES: '4', GRAPHQL_MAX_TOKENS: '900',
      GRAPHQL_MAX_BODY_BYTES: '65536', GRAPHQL_MAX_VARIABLES: '20', GRAPHQL_MAX_LIST_LENGTH: '500', GRAPHQL_TIMEOUT_MS: '5000',
      DATABASE_STATEMENT_TIMEOUT_MS: '4000', RATE_LIMIT_PER_MINUTE: '600', RATE_LIMIT_BURST: '50', RATE_LIMIT_ANONYMOUS_PER_MINUTE: '120', RATE_LIMIT_ANONYMOUS_BURST: '10',
      PERSISTED_OPERATIONS_FILE: 'ops/manifest.json',
    },
    '/srv/hub',
  ).graphql;
  assert.deepEqual(set, {
    limits: { maxDepth: 8, maxCost: 5000, maxAliases: 5, maxDirectives: 4, maxTokens: 900, maxBodyBytes: 65536, maxVariables: 20, maxListLength: 500, executionTimeoutMs: 5000, rateLimit: { perMinute: 600, burst: 50, anonymousPerMinute: 120, anonymousBurst: 10 } },
    statementTimeoutMs: 4000,
    persistedOperationsFile: '/srv/hub/ops/manifest.json',
  });
  assert.equal(loadConfig({ RATE_LIMIT_PER_MINUTE: '0' }).graphql.limits.rateLimit, null);
  assert.throws(
    () => loadConfig({ GRAPHQL_MAX_DEPTH: '0', GRAPHQL_MAX_BODY_BYTES: 'lots', RATE_LIMIT_BURST: '-1', GRAPHQL_TIMEOUT_MS: '1.5' }),
    (error: unknown) => error instanceof ConfigError && error.problems.length === 4 && error.problems.some((p) => /GRAPHQL_MAX_BODY_BYTES must be a whole number of bytes/.test(p)),
  );
});
