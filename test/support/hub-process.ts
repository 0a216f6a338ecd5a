import { type ChildProcess, spawn } from 'node:child_process';
import { captureChildLog, childLogEnv } from './test-log.ts';
import { waitFor } from './wait-for.ts';

/** A hub started through its command line (`hub/cli.ts start`), as an operator or a container would. */
export interface HubProcess {
  child: ChildProcess;
  /** The gateway's `/graphql` URL; `null` in role `connectors` (no listener). */
  url: string | null;
  /** Resolves with the exit code (or the signal that ended it). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr(): string;
  stdout(): string;
}

/**
 * Spawns `hub/cli.ts start` with the given environment on top of this one
 * (PORT and METRICS_PORT 0, JSON logs at warn unless overridden — at debug, kept for the personal-data check, under `npm test`) and resolves once it runs:
 * the gateway's URL is printed, or, in role `connectors`, its connectors
 * joined their groups (`connectors consuming` at info).
 */
export async function startHubProcess(env: Record<string, string>, { timeoutMs = 60_000 } = {}): Promise<HubProcess> {
  const cli = new URL('../../hub/cli.ts', import.meta.url).pathname;
  const child = spawn(process.execPath, ['--disable-warning=TimeoutNegativeWarning', cli, 'start'], {
    env: { ...process.env, PORT: '0', METRICS_PORT: '0', ...childLogEnv(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  captureChildLog(child, 'hub-process');
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let ended = false;
  void exited.then(() => (ended = true));
  const connectorsOnly = env.HUB_ROLE === 'connectors';
  const url = await waitFor(
    connectorsOnly ? 'the connectors to join their groups' : 'the gateway URL on stderr',
    async () => {
      if (ended) throw new Error(`the hub exited while starting:\n${stderr.slice(-3000)}`);
      if (connectorsOnly) return /connectors consuming/.test(stderr) ? 'none' : undefined;
      return /GraphQL: (http:\/\/127\.0\.0\.1:\d+\/graphql)/.exec(stderr)?.[1];
    },
    timeoutMs,
  ).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  return { child, url: connectorsOnly ? null : url, exited, stderr: () => stderr, stdout: () => stdout };
}
