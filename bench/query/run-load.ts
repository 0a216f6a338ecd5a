import { spawn } from 'node:child_process';
import { text } from 'node:stream/consumers';

/** What one load run sends: `bodies` in turn, POSTed to `url` over `connections` keep-alive connections. */
export interface LoadPlan {
  url: string;
  headers: Record<string, string>;
  bodies: string[];
  /** An `Authorization` header per body (same index), where callers differ from request to request. */
  authorizations?: string[];
  /** Paced at this many requests a second in all; unset: as fast as answered. */
  requestsPerSecond?: number;
  connections: number;
  durationSeconds: number;
}

/** autocannon's figures for one run; latencies in milliseconds. */
export interface LoadResult {
  requestsPerSecond: number;
  total: number;
  p50: number;
  p99: number;
  /** Connection errors, timeouts included. */
  errors: number;
  timeouts: number;
  non2xx: number;
  /** 2xx responses whose body holds GraphQL `errors`. */
  graphqlErrors: number;
  /** Error codes seen in failed answers (`extensions.code`, or `HTTP <status>` without one), with counts. */
  codes: Record<string, number>;
  /** CPU time this process (the gateway, where it runs in-process) used per second of the run: 1 is one core busy. */
  gatewayCpu: number;
}

/** Runs `plan` in a child process (load-process.ts) and returns its figures; rejects if the child fails. */
export async function runLoad(plan: LoadPlan): Promise<LoadResult> {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const child = spawn(process.execPath, [...process.execArgv, new URL('./load-process.ts', import.meta.url).pathname], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => resolve(code));
  });
  child.stdin.end(JSON.stringify(plan));
  const [output, code] = await Promise.all([text(child.stdout), exited]);
  if (code !== 0) throw new Error(`load process exited with ${code}`);
  const cpu = process.cpuUsage(cpuBefore);
  return { ...(JSON.parse(output) as Omit<LoadResult, 'gatewayCpu'>), gatewayCpu: (cpu.user + cpu.system) / 1000 / (performance.now() - started) };
}
