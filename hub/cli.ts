/**
 * The hub's command line: `start` (default), `migrate`, `stats`, `token`,
 * `audit-verify`, `replay-dead-letters`. The only place that reads
 * `process.env`.
 */
import { parseArgs } from 'node:util';
import { describeError } from '../schema/db/describe-error.ts';
import { readIngestStats } from '../schema/queries/ingest-stats.ts';
import { ConfigError, loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { openHubDatabase } from './open-hub-database.ts';
import { runAuditVerify } from './run-audit-verify.ts';
import { runReplayDeadLetters } from './run-replay-dead-letters.ts';
import { runTokenCommand } from './run-token-command.ts';
import { startHub } from './start-hub.ts';
import { formatIngestStats } from './stats-report.ts';
import { StopSteps } from './stop-steps.ts';

const HELP = `Supervision Data Hub

Usage: npm start                 start the hub (same as: npm run hub -- start)
       npm run hub -- <command>

Commands:
  start     run the connectors and the GraphQL gateway (with nothing
            configured: the embedded broker, PGlite in ./data, the demo data
            set, GraphiQL and printed demo tokens)
  migrate   apply database migrations and exit
  stats     print rows per table, events per topic, dead letters per code
            and unmapped department codes
  token     mint a development token (npm run token -- --help)
  audit-verify
            check the audit log's hash chain; exit 1 at the first broken link
            (same as: npm run audit:verify)
  replay-dead-letters --topic <topic> [--error-code <code>] [--limit <n>] [--yes]
            send dead letters back to their topic, marked and audited
            (npm run hub -- replay-dead-letters --help)

Environment (see deploy/CONFIGURATION.md):
  DATABASE_URL    PostgreSQL connection string (unset: PGlite in ./data/pglite)
  KAFKA_BROKERS   comma-separated bootstrap servers (unset: embedded broker via kcat)
  HUB_DATA_DIR    folder for embedded data (default ./data)
  HUB_DEMO        1/0: publish the demo data set (default: on with the embedded broker)
  HUB_ROLE        all | connectors | gateway (default all)
  PORT            HTTP port of the GraphQL gateway (default 4000; /metrics is served there too)
  METRICS_PORT    port of the /metrics listener in role connectors (default 9464)
  HOST            interface it listens on (default 127.0.0.1; 0.0.0.0 in production)
  AUTH_JWKS_FILE / AUTH_JWKS_URL
                  trusted public keys (unset: development key pair in
                  ./data/dev-keys, demo tokens printed at start)
  AUTH_ISSUERS    trusted token issuers, comma-separated (default supervision-hub-dev)
  AUTH_AUDIENCE   required token audience (default supervision-hub)
  NODE_ENV        production: GraphiQL off, development keys refused
  AUDIT_HEAD_INTERVAL
                  seconds between copies of the audit chain head to hub.audit
                  (default 60; sent by the process running the connectors)
  SHUTDOWN_DRAIN_MS
                  on SIGTERM/SIGINT, how long /readyz answers 503 before the
                  listener closes (default 5000 in production, 0 otherwise)
  SHUTDOWN_TIMEOUT_MS
                  bound on the whole stop; past it the hub exits 1 naming what
                  did not finish (default 20000)
  LOG_LEVEL       pino level (default info)
  LOG_FORMAT      pretty | json (default: pretty on a terminal, json otherwise)
`;

async function main(argv: string[]): Promise<number> {
  const command = argv[0] && !argv[0].startsWith('-') ? argv[0] : 'start';
  const commandArgs = argv[0] === command ? argv.slice(1) : argv;
  if (command === 'token') return runTokenCommand(commandArgs, loadConfig(process.env, process.cwd()));
  if (command === 'replay-dead-letters') {
    const config = loadConfig(process.env, process.cwd(), { stderrIsTerminal: process.stderr.isTTY === true });
    return runReplayDeadLetters(commandArgs, config, createLogger(config.logLevel, config.logFormat));
  }
  const { values } = parseArgs({ args: commandArgs, options: { help: { type: 'boolean', short: 'h' } } });
  if (values.help || command === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  const config = loadConfig(process.env, process.cwd(), { stderrIsTerminal: process.stderr.isTTY === true });
  const log = createLogger(config.logLevel, config.logFormat);
  switch (command) {
    case 'start': {
      const steps = new StopSteps();
      // Handlers first: a Ctrl-C while the hub is still starting stops it as soon as it is up.
      const stopRequested = new Promise<string>((resolve) => {
        let signalled = false;
        const onSignal = (signal: string) => {
          if (signalled) {
            log.warn({ signal }, 'second signal: exiting without waiting');
            process.exit(130);
          }
          signalled = true;
          // The bound runs from the signal, whatever is still starting or stopping. Offsets are committed
          // only after their batch is stored, so even this exit loses nothing: unfinished batches come again.
          const { timeoutMs } = config.shutdown;
          setTimeout(() => {
            const unfinished = steps.unfinished();
            log.error({ afterMs: timeoutMs, unfinished }, `stopping took longer than ${timeoutMs} ms; exiting with unfinished: ${unfinished.join('; ') || 'none named'}`);
            process.exit(1);
          }, timeoutMs).unref();
          resolve(signal);
        };
        for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => onSignal(signal));
      });
      const hub = await steps.run('starting the hub', () => startHub(config, log));
      process.stderr.write('The hub is running. Press Ctrl-C to stop (a second Ctrl-C stops at once).\n');
      const signal = await stopRequested;
      log.info({ signal, drainMs: config.shutdown.drainMs, timeoutMs: config.shutdown.timeoutMs }, 'stopping: finishing the requests and batches in flight');
      await hub.stop(steps);
      log.info({ signal }, 'stopped');
      return 0;
    }
    case 'migrate': {
      const database = await openHubDatabase(config);
      log.info({ location: database.location }, 'migrations applied');
      await database.close();
      return 0;
    }
    case 'stats': {
      const database = await openHubDatabase(config, { migrate: false });
      try {
        process.stdout.write(formatIngestStats(await readIngestStats(database.db)));
      } finally {
        await database.close();
      }
      return 0;
    }
    case 'audit-verify':
      return runAuditVerify(config);
    default:
      process.stderr.write(`unknown command "${command}"\n\n${HELP}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
    // Anything else by its safe description: a failed query's message quotes its parameters.
    else process.stderr.write(`hub: ${describeError(error)}\n`);
    process.exit(1);
  },
);
