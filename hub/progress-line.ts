import type { IngestCounters } from '../connectors/runtime/ingest-counters.ts';

export interface ProgressLine {
  stop(): void;
}

/**
 * Shows ingest progress on stderr while the hub runs: rewritten in place on a
 * terminal, a plain line every few seconds (only when it changed) otherwise.
 */
export function startProgressLine(counters: IngestCounters, readLag: () => Promise<number | null>, stream: NodeJS.WriteStream = process.stderr): ProgressLine {
  const tty = stream.isTTY === true;
  let last = '';
  let busy = false;
  const render = async () => {
    if (busy) return;
    busy = true;
    const lag = await readLag().catch(() => null);
    busy = false;
    const text = `ingested ${counters.ingested} · duplicates skipped ${counters.duplicates} · dead-lettered ${counters.deadLettered} · lag ${lag ?? '?'}`;
    if (text === last) return;
    last = text;
    stream.write(tty ? `\r\x1b[2K${text}` : `${text}\n`);
  };
  const timer = setInterval(() => void render(), tty ? 1_000 : 5_000);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      if (tty && last) stream.write('\n');
    },
  };
}
