import { readFileSync } from 'node:fs';

export interface SampleEvent {
  id: string;
  source: string;
  type: string;
  subject: string;
  data: Record<string, unknown>;
}

const folder = new URL('../fixtures/samples/', import.meta.url);

/** The sample feeds of five real regions, as published lines per department topic. */
export function readSampleFeeds(): { topic: string; lines: string[]; events: SampleEvent[] }[] {
  return ['health', 'police', 'market', 'insurance', 'tax'].map((department) => {
    const lines = readFileSync(new URL(`${department}.jsonl`, folder), 'utf8').split('\n').filter(Boolean);
    return { topic: `${department}.events`, lines, events: lines.map((line) => JSON.parse(line) as SampleEvent) };
  });
}
