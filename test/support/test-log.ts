import type { ChildProcess } from 'node:child_process';
import { appendFileSync, createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { hubLoggerOptions } from '../../hub/logger.ts';

/**
 * The folder that keeps every log line the test suite writes: `npm test`
 * sets it to a fresh temporary folder and, after the suite, searches it for
 * personal data (test/logs/no-personal-data.check.ts). Unset (one test file
 * run by hand): nothing is kept.
 */
export const testLogDir: string | undefined = process.env.TEST_LOG_DIR || undefined;

const consoleLevel = process.env.TEST_LOG_LEVEL ?? 'silent';

function logFile(component: string): string | undefined {
  if (!testLogDir) return undefined;
  mkdirSync(testLogDir, { recursive: true });
  return join(testLogDir, `${component}.${process.pid}.log`);
}

/**
 * A logger for code under test, configured as the hub's (same redaction):
 * silent on the console unless `TEST_LOG_LEVEL` asks, and at debug level
 * into `<TEST_LOG_DIR>/<component>.<pid>.log`, so the suite's logs are kept
 * in full for the personal-data check.
 */
export function testLogger(component: string) {
  const file = logFile(component);
  const streams: pino.StreamEntry[] = [];
  if (file) streams.push({ level: 'debug', stream: pino.destination({ dest: file, append: true, sync: true }) });
  if (consoleLevel !== 'silent') streams.push({ level: consoleLevel as pino.Level, stream: pino.destination(2) });
  const options = { ...hubLoggerOptions, base: { ...hubLoggerOptions.base, component } };
  if (streams.length === 0) return pino({ ...options, level: 'silent' });
  // The logger passes on what the most talkative stream wants; each stream keeps to its own level.
  const level = streams.map((s) => s.level!).reduce((a, b) => (pino.levels.values[a]! <= pino.levels.values[b]! ? a : b));
  return pino({ ...options, level }, pino.multistream(streams));
}

/**
 * Environment for a hub process a test starts: debug-level JSON logs while
 * the suite keeps them (captured from its stderr by `captureChildLog`), else
 * what the test asked for.
 */
export function childLogEnv(quiet: 'warn' | 'silent' = 'warn'): { LOG_LEVEL: string; LOG_FORMAT: string } {
  return { LOG_LEVEL: testLogDir ? 'debug' : quiet, LOG_FORMAT: 'json' };
}

/** Copies what a child process writes to stderr into the suite's log folder, beside the test's own reading of it. */
export function captureChildLog(child: ChildProcess, component: string): void {
  const file = logFile(component);
  if (!file || !child.stderr) return;
  const out = createWriteStream(`${file.slice(0, -'.log'.length)}-${child.pid}.log`, { flags: 'a' });
  child.stderr.on('data', (chunk: Buffer) => out.write(chunk));
  child.stderr.once('end', () => out.end());
}

/** Keeps the stderr a finished child process left (e.g. from `execFile`) in the suite's log folder. */
export function keepChildLog(component: string, stderr: string): void {
  const file = logFile(component);
  if (file && stderr) appendFileSync(file, stderr.endsWith('\n') ? stderr : `${stderr}\n`);
}
