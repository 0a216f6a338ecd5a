import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface KcatMessage {
  key: string;
  value: string;
}

/**
 * Publishes messages with `kcat`, the way a regional system would: not
 * through any of the hub's code. Keys and values are sent as given (one per
 * line, key and value split by a tab), so a value may be any text without
 * a newline or a tab.
 */
export async function kcatPublish(bootstrap: string, topic: string, messages: KcatMessage[], headers: Record<string, string> = { 'content-type': 'application/cloudevents+json' }): Promise<void> {
  for (const m of messages) {
    if (/[\n\t]/.test(m.key + m.value)) throw new Error('kcatPublish: keys and values must not contain newlines or tabs');
  }
  const args = ['-b', bootstrap, '-P', '-t', topic, '-K', '\t', '-z', 'none', ...Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}=${v}`])];
  await new Promise<void>((resolve, reject) => {
    const child = spawn('kcat', args, { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`kcat exited ${code}: ${stderr}`))));
    child.stdin.end(messages.map((m) => `${m.key}\t${m.value}\n`).join(''));
  });
}

export interface ConsumedRecord {
  key: string;
  value: string;
  headers: Record<string, string>;
  partition: number;
  offset: number;
}

/** Reads a whole topic from the beginning with `kcat` (as an outside consumer would) and exits at its end. */
export async function kcatReadAll(bootstrap: string, topic: string): Promise<ConsumedRecord[]> {
  // JSON envelope output keeps binary-safe fields apart without guessing delimiters.
  const { stdout } = await run('kcat', ['-b', bootstrap, '-C', '-t', topic, '-o', 'beginning', '-e', '-q', '-J'], { maxBuffer: 256 * 1024 * 1024 });
  return stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const record = JSON.parse(line) as { key: string | null; payload: string | null; headers?: string[]; partition: number; offset: number };
      const headers: Record<string, string> = {};
      const list = record.headers ?? [];
      for (let i = 0; i + 1 < list.length; i += 2) headers[list[i]!] = list[i + 1]!;
      return { key: record.key ?? '', value: record.payload ?? '', headers, partition: record.partition, offset: record.offset };
    });
}

export interface KcatProducer {
  /** Queues messages on kcat's standard input; resolves when the pipe has taken them. */
  write(messages: KcatMessage[]): Promise<void>;
  /** Closes the input and waits until kcat has delivered everything and exited. */
  end(): Promise<void>;
}

/**
 * A long-running `kcat -P` for one topic, fed line by line: for streams too long to publish in one go.
 * `lingerMs`: how long kcat gathers messages into one batch (librdkafka's linger.ms, default 5).
 */
export function kcatProducer(bootstrap: string, topic: string, { lingerMs }: { lingerMs?: number } = {}): KcatProducer {
  const linger = lingerMs === undefined ? [] : ['-X', `linger.ms=${lingerMs}`];
  const child = spawn('kcat', ['-b', bootstrap, '-P', '-t', topic, '-K', '\t', '-z', 'none', ...linger, '-H', 'content-type=application/cloudevents+json'], { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  const exited = new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`kcat exited ${code}: ${stderr}`))));
  });
  return {
    write: (messages) =>
      new Promise((resolve) => {
        if (child.stdin.write(messages.map((m) => `${m.key}\t${m.value}\n`).join(''))) resolve();
        else child.stdin.once('drain', resolve);
      }),
    end: () => {
      child.stdin.end();
      return exited;
    },
  };
}
