import type { LoadResult } from './run-load.ts';

/** The runs of one query: the production-wired gateway (`withAudit`) and the unchecked one (`noAuth`), one result per round. */
export interface QueryRuns {
  label: string;
  withAudit: LoadResult[];
  noAuth: LoadResult[];
}

/** The goals the figures are held against. */
export const GOALS = { p99Ms: 50, minRatio: 0.85 };

interface Summary {
  rps: number;
  p50: number;
  p99: number;
  failures: string;
  cpu: number;
  rounds: string;
}

const percent = (share: number) => `${(share * 100).toFixed(0)}%`;
const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

function summarise(runs: LoadResult[]): Summary {
  return {
    rps: mean(runs.map((run) => run.requestsPerSecond)),
    p50: mean(runs.map((run) => run.p50)),
    p99: mean(runs.map((run) => run.p99)),
    failures: `${sum(runs.map((run) => run.errors))}/${sum(runs.map((run) => run.non2xx))}/${sum(runs.map((run) => run.graphqlErrors))}`,
    cpu: mean(runs.map((run) => run.gatewayCpu)),
    rounds: runs.map((run) => run.requestsPerSecond.toFixed(0)).join(', '),
  };
}

const COLUMNS = [30, 12, 9, 9, 9, 16, 10] as const;
const row = (cells: string[]) => cells.map((cell, i) => (i < 2 ? cell.padEnd(COLUMNS[i]!) : i < COLUMNS.length ? cell.padStart(COLUMNS[i]!) : `  ${cell}`)).join('');

/** Whether every query met both goals. */
export function goalsMet(queries: QueryRuns[]): boolean {
  return queries.every((query) => {
    const audited = summarise(query.withAudit);
    return audited.p99 < GOALS.p99Ms && summarise(query.noAuth).p99 < GOALS.p99Ms && audited.rps / summarise(query.noAuth).rps >= GOALS.minRatio;
  });
}

/**
 * The results table (query × variant: mean req/s, p50 and p99 over the
 * rounds, connection errors/non-2xx/GraphQL errors summed, the gateway
 * process's CPU (100% = one core), each round's req/s) with the overhead
 * ratios, then the goal lines.
 */
export function formatQueryReport(queries: QueryRuns[]): string[] {
  const lines = [row(['query', 'variant', 'req/s', 'p50 ms', 'p99 ms', 'err/non2xx/gql', 'node CPU', 'rounds (req/s)'])];
  const verdicts: string[] = [];
  const overheads: string[] = [];
  for (const query of queries) {
    const audited = summarise(query.withAudit);
    const open = summarise(query.noAuth);
    lines.push(
      row([query.label, 'auth+audit', audited.rps.toFixed(1), audited.p50.toFixed(1), audited.p99.toFixed(1), audited.failures, percent(audited.cpu), audited.rounds]),
      row(['', 'no auth', open.rps.toFixed(1), open.p50.toFixed(1), open.p99.toFixed(1), open.failures, percent(open.cpu), open.rounds]),
      row(['', 'ratio', (audited.rps / open.rps).toFixed(2), (audited.p50 / open.p50).toFixed(2), (audited.p99 / open.p99).toFixed(2), '', '', '']),
    );
    const met = (ok: boolean) => (ok ? 'met' : 'MISSED');
    verdicts.push(`  ${query.label.padEnd(30)} auth+audit ${audited.p99.toFixed(1).padStart(7)} ms ${met(audited.p99 < GOALS.p99Ms).padEnd(7)} no auth ${open.p99.toFixed(1).padStart(7)} ms ${met(open.p99 < GOALS.p99Ms)}`);
    const ratio = audited.rps / open.rps;
    overheads.push(`  ${query.label.padEnd(30)} req/s ratio ${ratio.toFixed(2)} (${((1 - ratio) * 100).toFixed(0)}% overhead) ${met(ratio >= GOALS.minRatio)}; p99 ratio ${(audited.p99 / open.p99).toFixed(2)}`);
  }
  return [
    ...lines,
    '',
    `goal: p99 under ${GOALS.p99Ms} ms`,
    ...verdicts,
    `goal: auth+audit overhead at most ${Math.round((1 - GOALS.minRatio) * 100)}% (auth+audit req/s / no-auth req/s >= ${GOALS.minRatio})`,
    ...overheads,
  ];
}
