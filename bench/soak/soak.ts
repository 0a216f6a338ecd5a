/**
 * Soak: the hub under mixed load for a while — events in through the broker,
 * GraphQL out — watched every minute. Not part of `npm test`.
 *
 *   npm run soak -- --minutes 10
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { connectors } from '../../connectors/index.ts';
import { connectLagMeter, createKafkaClient } from '../../connectors/runtime/kafka.ts';
import { defaultGroupId } from '../../connectors/runtime/run-connectors.ts';
import { createLogger } from '../../hub/logger.ts';
import { runGraphqlLoad } from './graphql-load.ts';
import { startEventPacer } from './event-pacer.ts';
import { hostCpuTicks, startHubChild } from './hub-child.ts';
import { soakRequests } from './soak-requests.ts';
import { formatWindow, soakVerdicts, type SoakWindow, windowHeader } from './soak-report.ts';

const HELP = `npm run soak -- [options]

Starts the hub (npm start's role all, with its embedded broker) against a
fresh database on the PostgreSQL server of DATABASE_URL (else
TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test), publishes
the generated event mix with kcat at a steady rate and sends mixed GraphQL
requests (clue pages, institution lookups, person lookups with and without a
purpose) from 25 agencies, printing every minute: events in/s, ingested/s,
dead letters, GraphQL req/s, errors, p99, consumer lag and the hub's RSS; then
a summary against the goals (zero errors, lag bounded, RSS flat within 10 %
after warm-up, nothing lost). Exits 1 if a goal is missed.

Options:
  --minutes <n>              how long to run (default 10)
  --events-per-second <n>    events published per second (default 2000)
  --requests-per-second <n>  GraphQL requests per second (default 200)
  --window-seconds <n>       reporting interval (default 60)
  --warmup-seconds <n>       left out of the RSS and lag goals (default: 20 % of
                             the run, at least one window, at most 120 s)
  --lag-bound <n>            largest consumer lag allowed after warm-up, in
                             events (default: 5 s of input)
  --producer-linger-ms <n>   kcat's linger.ms, how long it gathers events into
                             one batch (default 100). The embedded broker
                             answers a fetch with one producer batch per
                             partition, so with small batches (kcat's own 5 ms
                             at this rate: 1 to 5 events) consumption is capped
                             by fetch round trips, not by the hub; Apache
                             Kafka answers with as many batches as fit
  --keep-database            leave the database for inspection
  --hub-log <file>           write the hub's log there, at debug level
  -h, --help
`;

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    'events-per-second': { type: 'string', default: '2000' },
    'requests-per-second': { type: 'string', default: '200' },
    'window-seconds': { type: 'string', default: '60' },
    'warmup-seconds': { type: 'string' },
    'lag-bound': { type: 'string' },
    'producer-linger-ms': { type: 'string', default: '100' },
    'keep-database': { type: 'boolean', default: false },
    'hub-log': { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}
const positive = (name: string, text: string | undefined) => {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) {
    process.stderr.write(`--${name} must be a positive number\n\n${HELP}`);
    process.exit(2);
  }
  return n;
};
const minutes = positive('minutes', values.minutes);
const eventsPerSecond = positive('events-per-second', values['events-per-second']);
const requestsPerSecond = positive('requests-per-second', values['requests-per-second']);
const windowSeconds = positive('window-seconds', values['window-seconds']);
const windows = Math.max(1, Math.round((minutes * 60) / windowSeconds));
const warmupSeconds = values['warmup-seconds'] !== undefined ? positive('warmup-seconds', values['warmup-seconds']) : Math.min(120, Math.max(windowSeconds, minutes * 60 * 0.2));
const warmupWindows = Math.min(windows - 1, Math.ceil(warmupSeconds / windowSeconds));
const lingerMs = Number(values['producer-linger-ms']);
if (!Number.isInteger(lingerMs) || lingerMs < 0) {
  process.stderr.write(`--producer-linger-ms must be a whole number of milliseconds\n\n${HELP}`);
  process.exit(2);
}
const lagBound = values['lag-bound'] !== undefined ? positive('lag-bound', values['lag-bound']) : eventsPerSecond * 5;

const serverUrl = process.env.DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const databaseName = `hub_soak_${randomBytes(5).toString('hex')}`;
const databaseUrl = (() => {
  const url = new URL(serverUrl);
  url.pathname = `/${databaseName}`;
  return url.toString();
})();
const admin = async (statement: string) => {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
};

const dataDir = mkdtempSync(join(tmpdir(), 'hub-soak-'));
await admin(`CREATE DATABASE ${databaseName} ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0`);
process.stderr.write(`soak: database ${databaseName}, ${windows} × ${windowSeconds} s, ${eventsPerSecond} events/s (kcat linger ${lingerMs} ms), ${requestsPerSecond} GraphQL requests/s\n`);

let exitCode = 1;
const hub = await startHubChild({ databaseUrl, dataDir, logFile: values['hub-log'] });
try {
  const requests = await soakRequests({ devKeysDir: join(dataDir, 'dev-keys'), issuer: 'supervision-hub-dev', audience: 'supervision-hub' });
  const observer = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  observer.on('error', () => {});
  const stored = async () => {
    const { rows } = await observer.query<{ ledger: string; dead: string }>('SELECT (SELECT count(*) FROM ingested_events) AS ledger, (SELECT count(*) FROM dead_letters) AS dead');
    return { ledger: Number(rows[0]!.ledger), dead: Number(rows[0]!.dead) };
  };
  const kafka = createKafkaClient({ brokers: [hub.bootstrap], clientId: 'soak-observer', log: createLogger('error') });
  const lagMeter = await connectLagMeter(kafka, connectors.map((c) => ({ groupId: defaultGroupId(c), topic: c.topic })));
  const lagNow = async () => (await lagMeter.measure()).reduce((sum, g) => sum + g.lag, 0);

  const pacer = startEventPacer({ bootstrap: hub.bootstrap, perSecond: eventsPerSecond, seed: databaseName, lingerMs });
  // Samples every 2 s: the hub's RSS and the consumer lag.
  let samples: { rss: number; lag: number }[] = [];
  const lagSamplesAfterWarmup: number[] = [];
  let sampledWindow = 0;
  const sampler = setInterval(() => {
    void lagNow().then(
      (lag) => {
        samples.push({ rss: hub.rssMb(), lag });
        if (sampledWindow >= warmupWindows) lagSamplesAfterWarmup.push(lag);
      },
      () => {},
    );
  }, 2_000);

  process.stdout.write(`${windowHeader}\n`);
  const report: SoakWindow[] = [];
  let before = { published: 0, ...(await stored()) };
  for (let index = 1; index <= windows; index++) {
    sampledWindow = index - 1;
    const started = performance.now();
    const cpuBefore = hub.cpuSeconds();
    const hostBefore = hostCpuTicks();
    const graphql = await runGraphqlLoad({ url: `${hub.origin}/graphql`, requests, requestsPerSecond, connections: 20, durationSeconds: windowSeconds });
    const seconds = (performance.now() - started) / 1000;
    if (!hub.alive()) throw new Error('the hub exited during the soak');
    const hubCpu = (hub.cpuSeconds() - cpuBefore) / seconds;
    const hostAfter = hostCpuTicks();
    const hostCpu = (hostAfter.busy - hostBefore.busy) / (hostAfter.total - hostBefore.total);
    const now = { published: pacer.published().total, ...(await stored()) };
    const lag = await lagNow();
    const window: SoakWindow = {
      index,
      seconds,
      published: now.published - before.published,
      ingested: now.ledger - before.ledger,
      deadLettered: now.dead - before.dead,
      graphql,
      lag,
      maxLag: Math.max(lag, ...samples.map((s) => s.lag)),
      rssMb: hub.rssMb(),
      hubCpu,
      hostCpu,
      medianRssMb: [...samples.map((s) => s.rss)].sort((a, b) => a - b)[Math.floor(samples.length / 2)] ?? hub.rssMb(),
    };
    report.push(window);
    process.stdout.write(`${formatWindow(window)}${index === warmupWindows ? '   (end of warm-up)' : ''}\n`);
    samples = [];
    before = now;
  }

  await pacer.stop();
  const stoppedAt = performance.now();
  let drainedInSeconds: number | null = null;
  while (performance.now() - stoppedAt < 120_000) {
    if ((await lagNow()) === 0) {
      drainedInSeconds = (performance.now() - stoppedAt) / 1000;
      break;
    }
    await sleep(500);
  }
  clearInterval(sampler);
  const published = pacer.published();
  const final = await stored();
  await lagMeter.disconnect();
  await observer.end();
  const hubExitCode = await hub.stop();

  const verdicts = soakVerdicts({
    windows: report,
    warmupWindows,
    lagBound,
    lagSamplesAfterWarmup,
    drainedInSeconds,
    published: published.total,
    ledger: final.ledger,
    deadLetters: final.dead,
    bad: published.bad,
    eventsPerSecond,
    requestsPerSecond,
    hubExitCode,
    hubWarnings: hub.warnings.length,
  });
  process.stdout.write(`\nsummary (${report.length} windows of ${windowSeconds} s, the first ${warmupWindows} warm-up):\n`);
  for (const v of verdicts) process.stdout.write(`  ${v.pass ? 'PASS' : 'FAIL'}  ${v.goal.padEnd(36)} ${v.detail}\n`);
  if (hub.warnings.length > 0) process.stdout.write(`  hub warnings (first 3):\n${hub.warnings.slice(0, 3).map((w) => `    ${w}`).join('\n')}\n`);
  exitCode = verdicts.every((v) => v.pass) ? 0 : 1;
  process.stdout.write(`\nsoak ${exitCode === 0 ? 'PASSED' : 'FAILED'}\n`);
} finally {
  await hub.stop(5_000);
  if (!values['keep-database']) await admin(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`).catch(() => {});
  else process.stderr.write(`soak: database kept: ${databaseUrl}\n`);
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(exitCode);
