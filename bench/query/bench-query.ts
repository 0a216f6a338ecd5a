/**
 * `npm run bench:query`: GraphQL gateway throughput and latency on a seeded
 * PostgreSQL database, as production wires it (ES256 tokens verified, every
 * unmasked read appended to the audit chain) against the same gateway with
 * auth and audit switched off, both in this process, alternating runs, so
 * the overhead ratio holds however noisy the machine is. Ends with the
 * EXPLAIN ANALYZE plans of the SQL one request of each query issues.
 */
import { cpus, release } from 'node:os';
import { parseArgs } from 'node:util';
import { count } from 'drizzle-orm';
import { auditLogTable } from '../../schema/tables.ts';
import { isRegionCode } from '../../schema/identifiers/index.ts';
import { createTestDatabase, testServerUrl } from '../../test/support/test-database.ts';
import type { Scope } from '../../gateway/auth/caller.ts';
import { benchQueries, type BenchQuery } from './bench-queries.ts';
import { gatewayErrors, startProductionWiredGateway, startUncheckedGateway, type BenchCaller, type BenchGateway } from './bench-gateways.ts';
import { formatQueryReport, goalsMet, type QueryRuns } from './query-report.ts';
import { runLoad, type LoadResult } from './run-load.ts';
import { seedBenchData, seedFlags, seedFlagsHelp, seedSizesFrom, type SeedSizes } from './seed-bench-data.ts';
import { explainStatements, openCapturingDatabase } from './sql-plans.ts';

/** Stops on a bad command line with the problem and a pointer to --help, no stack trace. */
function usageError(error: unknown): never {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\nsee npm run bench:query -- --help\n`);
  process.exit(2);
}

const { values: args } = (() => {
  try {
    return parseArgs({
      options: {
        ...seedFlags,
        connections: { type: 'string', default: '50' },
        duration: { type: 'string', default: '10' },
        warmup: { type: 'string', default: '2' },
        rounds: { type: 'string', default: '2' },
        region: { type: 'string', default: '510100' },
        'keep-database': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return usageError(error);
  }
})();
if (args.help) {
  process.stdout.write(
    [
      'npm run bench:query -- [options]',
      '  --connections 50   autocannon connections per run',
      '  --duration 10      seconds per timed run',
      '  --warmup 2         seconds of warm-up per query and variant',
      '  --rounds 2         timed runs per query and variant, alternating (A, B, A, B)',
      "  --region 510100    the caller's jurisdiction (a city code covers its counties)",
      '  --keep-database    leave the seeded database in place (for EXPLAIN work) and print its URL',
      'seed sizes:',
      ...seedFlagsHelp,
      '',
    ].join('\n'),
  );
  process.exit(0);
}
let sizes: SeedSizes;
try {
  sizes = seedSizesFrom(args);
} catch (error) {
  usageError(error);
}
const load = { connections: Number(args.connections), durationSeconds: Number(args.duration), warmupSeconds: Number(args.warmup), rounds: Number(args.rounds) };
if (![load.connections, load.durationSeconds, load.rounds].every((n) => Number.isInteger(n) && n > 0) || !(load.warmupSeconds >= 0)) {
  usageError('--connections, --duration and --rounds must be whole numbers above 0, --warmup 0 or more');
}
if (!isRegionCode(args.region!) || args.region === '000000') usageError('--region must be a 6-digit administrative division code, e.g. 510100');
const caller: BenchCaller = { agency: `health:${args.region}`, region: args.region!, scopes: ['clue:read', 'result:read', 'credit:read', 'identity:read'] satisfies Scope[] };
const say = (text: string) => process.stderr.write(`${text}\n`);
const started = performance.now();

/** Sends one request of `query` and throws, quoting the first error, unless it answers 200 with data and no errors. */
async function checkedResponse(gateway: BenchGateway, query: BenchQuery): Promise<Record<string, unknown>> {
  const response = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...gateway.headers }, body: query.bodies[0]! });
  const body = (await response.json()) as { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions?: { code?: string } }> };
  const [error] = body.errors ?? [];
  if (response.status !== 200 || error || !body.data) throw new Error(`${query.label} via ${gateway.label}: HTTP ${response.status}${error ? `, ${error.extensions?.code ?? 'error'}: ${error.message}` : ', no data'}`);
  return body.data;
}

const database = await createTestDatabase();
const capturing = openCapturingDatabase(database.url);
const gateways: BenchGateway[] = [];
let exitCode = 0;
try {
  const world = await seedBenchData(database.db, sizes, say);
  const queries = benchQueries(world, caller.region);
  const withAudit = await startProductionWiredGateway(capturing.db, caller);
  const noAuth = await startUncheckedGateway(capturing.db, caller);
  gateways.push(withAudit, noAuth);
  const auditRows = async () => (await database.db.select({ n: count() }).from(auditLogTable))[0]!.n;

  say('checking one response of each query on both gateways ...');
  const plans: string[] = [];
  for (const query of queries) {
    const before = await auditRows();
    await checkedResponse(withAudit, query);
    const audited = (await auditRows()) - before;
    await checkedResponse(noAuth, query);
    say(`  ${query.label}: ok, ${query.bodies.length} request variants, ${audited} audit entries per request (first variant)`);
    const statements = await capturing.record(() => checkedResponse(noAuth, query));
    plans.push(`${query.label}: ${statements.length} statements`, ...(await explainStatements(capturing.pool, statements)));
  }

  const runs: QueryRuns[] = [];
  for (const query of queries) {
    const plan = (gateway: BenchGateway, durationSeconds: number) => ({ url: gateway.url, headers: gateway.headers, bodies: query.bodies, connections: load.connections, durationSeconds });
    say(`${query.label}: warm-up ${load.warmupSeconds} s per variant ...`);
    if (load.warmupSeconds > 0) for (const gateway of gateways) await runLoad(plan(gateway, load.warmupSeconds));
    const results = new Map<BenchGateway, LoadResult[]>(gateways.map((gateway) => [gateway, []]));
    for (let round = 1; round <= load.rounds; round++) {
      for (const gateway of gateways) {
        const result = await runLoad(plan(gateway, load.durationSeconds));
        results.get(gateway)!.push(result);
        say(`  round ${round} ${gateway.label.padEnd(10)} ${result.requestsPerSecond.toFixed(1).padStart(8)} req/s  p50 ${result.p50} ms  p99 ${result.p99} ms`);
      }
    }
    runs.push({ label: query.label, withAudit: results.get(withAudit)!, noAuth: results.get(noAuth)! });
  }

  const failed = runs.some((query) => [...query.withAudit, ...query.noAuth].some((run) => run.errors + run.non2xx + run.graphqlErrors > 0));
  const cpu = cpus();
  const version = (await capturing.pool.query<{ server_version: string }>('show server_version')).rows[0]!.server_version;
  process.stdout.write(
    [
      '',
      `query benchmark: ${load.connections} connections, each sending as soon as answered, ${load.durationSeconds} s per run, ${load.rounds} rounds alternating, warm-up ${load.warmupSeconds} s`,
      `machine: ${cpu.length} x ${cpu[0]?.model ?? 'unknown CPU'}, Linux ${release()}, node ${process.version}, PostgreSQL ${version}`,
      `data: ${world.institutions.length} institutions, ${world.people.length} people, ${sizes.clues} clues, ${sizes.penalties} penalties, ${sizes.scoreRecords} score records, ${sizes.offenders} offender records, ${sizes.alerts} alerts; caller ${caller.agency} [${caller.scopes.join(' ')}]`,
      '',
      ...formatQueryReport(runs),
      '',
      `audit log: ${await auditRows()} entries written; gateway errors logged: ${gatewayErrors.count}`,
      failed ? 'FAILED REQUESTS during the load: the figures above are not valid' : goalsMet(runs) ? 'all goals met' : 'goals missed (see above)',
      '',
      'SQL plans, one request of each query (no-auth gateway), EXPLAIN ANALYZE on the seeded data:',
      ...plans,
      '',
      `whole run: ${((performance.now() - started) / 1000).toFixed(0)} s`,
      '',
    ].join('\n'),
  );
  if (failed) exitCode = 2;
} catch (error) {
  say(`bench:query failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  exitCode = 1;
} finally {
  await Promise.all(gateways.map((gateway) => gateway.stop()));
  await capturing.close();
  if (args['keep-database']) {
    await database.close();
    say(`database kept: ${database.url}  (drop it with: psql ${testServerUrl} -c 'DROP DATABASE ${database.name}')`);
  } else {
    await database.drop();
  }
}
process.exit(exitCode);
