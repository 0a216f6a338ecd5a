import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface HubChild {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** The embedded broker's bootstrap address, read from the hub's log. */
  bootstrap: string;
  pid: number;
  /** Resident set size of the hub process now, in MiB. */
  rssMb(): number;
  /** CPU seconds (user + system) the hub process has used so far. */
  cpuSeconds(): number;
  /** Whether it is still running. */
  alive(): boolean;
  /** Log lines at warn level or above it wrote so far. */
  warnings: string[];
  /** SIGTERM, then waits for the exit; resolves with the exit code (null if it was killed after `timeoutMs`). */
  stop(timeoutMs?: number): Promise<number | null>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Starts `hub/cli.ts start` as `npm start` does (role all, embedded broker
 * through kcat) against `databaseUrl`, without the demo data set, and waits
 * until /readyz answers 200.
 */
export async function startHubChild({ databaseUrl, dataDir, logFile }: { databaseUrl: string; dataDir: string; logFile?: string }): Promise<HubChild> {
  const port = await freePort();
  const cli = new URL('../../hub/cli.ts', import.meta.url).pathname;
  const child: ChildProcess = spawn(process.execPath, ['--disable-warning=TimeoutNegativeWarning', '--max-semi-space-size=16', cli, 'start'], {
    env: { ...process.env, DATABASE_URL: databaseUrl, KAFKA_BROKERS: '', HUB_DEMO: '0', HUB_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: logFile ? 'debug' : 'info', LOG_FORMAT: 'json', NODE_ENV: '' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const warnings: string[] = [];
  let bootstrap: string | null = null;
  let buffer = '';
  child.stderr!.setEncoding('utf8');
  if (logFile) child.stderr!.pipe(createWriteStream(logFile));
  child.stderr!.on('data', (chunk: string) => {
    buffer += chunk;
    const lines = buffer.split('\n');
    buffer = lines.pop()!;
    for (const line of lines) {
      if (!line.startsWith('{')) continue;
      try {
        const entry = JSON.parse(line) as { level?: number; bootstrap?: string; msg?: string };
        if (entry.bootstrap) bootstrap = entry.bootstrap;
        if ((entry.level ?? 0) >= 40 && warnings.length < 1_000) warnings.push(line.slice(0, 500));
      } catch {
        // not a log line
      }
    }
  });
  const origin = `http://127.0.0.1:${port}`;
  const alive = () => child.exitCode === null && child.signalCode === null;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (!alive()) throw new Error(`the hub exited with ${child.exitCode ?? child.signalCode} while starting: ${warnings.slice(-3).join('\n')}`);
    const ready = await fetch(`${origin}/readyz`).then((r) => r.ok, () => false);
    if (ready && bootstrap) break;
    if (Date.now() > deadline) throw new Error('the hub did not become ready within 120 s');
    await sleep(250);
  }
  return {
    origin,
    bootstrap: bootstrap!,
    pid: child.pid!,
    warnings,
    alive,
    rssMb: () => {
      const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      return match ? Number(match[1]) / 1024 : Number.NaN;
    },
    cpuSeconds: () => {
      // Fields 14 and 15 of /proc/<pid>/stat, in clock ticks (100 a second on Linux); the name in field 2 may hold spaces.
      const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100;
    },
    async stop(timeoutMs = 30_000) {
      if (!alive()) return child.exitCode;
      const exited = once(child, 'exit') as Promise<[number | null, string | null]>;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const [code] = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** Busy and total CPU time of the whole machine so far (all cores, in clock ticks), from /proc/stat. */
export function hostCpuTicks(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((sum, n) => sum + n, 0);
  // idle and iowait
  return { busy: total - (fields[3] ?? 0) - (fields[4] ?? 0), total };
}
