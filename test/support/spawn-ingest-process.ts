import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { waitFor } from './wait-for.ts';

export interface IngestProcess {
  child: ChildProcess;
  /** The JSON lines it printed so far. */
  lines: Record<string, unknown>[];
  /** Resolves once its consumer groups joined. */
  ready(): Promise<void>;
  /** SIGTERM: it stops gracefully and reports its counters. */
  stop(): Promise<{ ingested: number; duplicates: number; deadLettered: number }>;
  /** SIGKILL, as a crash or an OOM kill would. */
  kill(): Promise<void>;
}

/** Runs test/support/ingest-process.ts as a child: the hub's connectors in a process a test may kill. */
export function spawnIngestProcess(options: { bootstrap: string; databaseUrl: string; departments?: string[]; sessionTimeoutMs?: number }): IngestProcess {
  const child = spawn(process.execPath, ['--disable-warning=TimeoutNegativeWarning', new URL('./ingest-process.ts', import.meta.url).pathname], {
    env: {
      ...process.env,
      BOOTSTRAP: options.bootstrap,
      DATABASE_URL: options.databaseUrl,
      DEPARTMENTS: options.departments?.join(',') ?? '',
      SESSION_TIMEOUT_MS: String(options.sessionTimeoutMs ?? 6_000),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: Record<string, unknown>[] = [];
  let buffer = '';
  child.stdout!.on('data', (chunk) => {
    buffer += String(chunk);
    const parts = buffer.split('\n');
    buffer = parts.pop()!;
    for (const part of parts) if (part.startsWith('{')) lines.push(JSON.parse(part) as Record<string, unknown>);
  });
  // 'close', not 'exit': the last lines it printed may still be in the pipe when it exits.
  const exited = once(child, 'close');
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    child,
    lines,
    ready: async () => {
      await waitFor('the connector process joined its groups', async () => {
        if (!running()) throw new Error(`the connector process exited (${child.exitCode ?? child.signalCode})`);
        return lines.some((l) => l.ready === true);
      }, 60_000);
    },
    async stop() {
      if (running()) child.kill('SIGTERM');
      await exited;
      const final = lines.find((l) => 'ingested' in l);
      if (!final) throw new Error(`the connector process exited (${child.exitCode ?? child.signalCode}) without its counters; it printed: ${JSON.stringify(lines)}`);
      return final as { ingested: number; duplicates: number; deadLettered: number };
    },
    async kill() {
      if (running()) child.kill('SIGKILL');
      await exited;
    },
  };
}
