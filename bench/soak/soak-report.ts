import type { GraphqlLoadResult } from './graphql-load.ts';

/** One reporting window (a minute by default). */
export interface SoakWindow {
  index: number;
  seconds: number;
  published: number;
  ingested: number;
  deadLettered: number;
  graphql: GraphqlLoadResult;
  /** Consumer lag summed over the five groups at the window's end, and the most seen during it. */
  lag: number;
  maxLag: number;
  /** The hub's RSS at the window's end and its median over the window, MiB. */
  rssMb: number;
  medianRssMb: number;
  /** Share of one core the hub process used during the window. */
  hubCpu: number;
  /** Share of the whole machine (all cores) busy during the window. */
  hostCpu: number;
}

export const windowHeader = ' min  events in/s  ingested/s  dead-lettered  GraphQL req/s  errors  p99 ms    lag (max)  hub RSS MB  hub CPU  host CPU';

export function formatWindow(w: SoakWindow): string {
  const rate = (n: number) => (n / w.seconds).toFixed(1).padStart(10);
  return [
    String(w.index).padStart(4),
    rate(w.published).padStart(13),
    rate(w.ingested).padStart(11),
    String(w.deadLettered).padStart(14),
    w.graphql.requestsPerSecond.toFixed(1).padStart(14),
    String(w.graphql.errors).padStart(7),
    String(w.graphql.p99).padStart(7),
    `${w.lag} (${w.maxLag})`.padStart(12),
    w.rssMb.toFixed(0).padStart(11),
    `${(w.hubCpu * 100).toFixed(0)} %`.padStart(8),
    `${(w.hostCpu * 100).toFixed(0)} %`.padStart(9),
  ].join(' ') + (Object.keys(w.graphql.codes).length > 0 ? `   errors by code: ${JSON.stringify(w.graphql.codes)}` : '');
}

export interface Verdict {
  goal: string;
  pass: boolean;
  detail: string;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? Number.NaN : sorted[Math.floor(sorted.length / 2)]!;
};

/**
 * The soak's goals: zero errors; consumer lag bounded (every sample after
 * warm-up within `lagBound`, and drained to 0 once publishing stops); hub
 * RSS flat within 10 % after warm-up (each later window's median RSS within
 * 10 % of the first post-warm-up window's); nothing lost; the load held.
 */
export function soakVerdicts(input: {
  windows: SoakWindow[];
  warmupWindows: number;
  lagBound: number;
  lagSamplesAfterWarmup: number[];
  drainedInSeconds: number | null;
  published: number;
  ledger: number;
  deadLetters: number;
  bad: number;
  eventsPerSecond: number;
  requestsPerSecond: number;
  hubExitCode: number | null;
  hubWarnings: number;
}): Verdict[] {
  const { windows } = input;
  const errors = windows.reduce((sum, w) => sum + w.graphql.errors, 0);
  const requests = windows.reduce((sum, w) => sum + w.graphql.total, 0);
  const steady = windows.slice(input.warmupWindows);
  const baseline = steady[0]?.medianRssMb ?? Number.NaN;
  const worst = Math.max(...steady.map((w) => w.medianRssMb));
  const maxLag = Math.max(0, ...input.lagSamplesAfterWarmup);
  const seconds = windows.reduce((sum, w) => sum + w.seconds, 0);
  const eventRate = windows.reduce((sum, w) => sum + w.published, 0) / seconds;
  const requestRate = requests / seconds;
  return [
    { goal: 'zero errors', pass: errors === 0, detail: `${errors} errors in ${requests} GraphQL requests` },
    {
      goal: 'lag bounded',
      pass: maxLag <= input.lagBound && input.drainedInSeconds !== null,
      detail: `max ${maxLag} after warm-up (bound ${input.lagBound}); ${input.drainedInSeconds === null ? 'not drained' : `drained to 0 in ${input.drainedInSeconds.toFixed(1)} s after publishing stopped`}`,
    },
    {
      goal: 'RSS flat within 10 % after warm-up',
      pass: steady.length >= 1 && worst <= baseline * 1.1,
      detail: steady.length === 0 ? 'no window after warm-up: run longer' : `median RSS ${baseline.toFixed(0)} MB in the first window after warm-up, at most ${worst.toFixed(0)} MB later (${((worst / baseline - 1) * 100).toFixed(1)} %); all samples median ${median(windows.map((w) => w.medianRssMb)).toFixed(0)} MB`,
    },
    {
      goal: 'nothing lost',
      pass: input.ledger + input.deadLetters === input.published && input.deadLetters === input.bad,
      detail: `ledger ${input.ledger} + dead letters ${input.deadLetters} = ${input.ledger + input.deadLetters} of ${input.published} published (${input.bad} bad on purpose)`,
    },
    {
      goal: 'load held',
      pass: eventRate >= input.eventsPerSecond * 0.95 && requestRate >= input.requestsPerSecond * 0.95,
      detail: `${eventRate.toFixed(0)} events/s of ${input.eventsPerSecond}, ${requestRate.toFixed(0)} GraphQL requests/s of ${input.requestsPerSecond}`,
    },
    { goal: 'clean stop', pass: input.hubExitCode === 0, detail: `hub exited with ${input.hubExitCode} after SIGTERM; ${input.hubWarnings} warning or error log lines during the run` },
  ];
}
