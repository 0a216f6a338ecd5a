import type { IngestStats } from '../schema/queries/ingest-stats.ts';

function table(title: string, header: string[], rows: (string | number)[][]): string {
  if (rows.length === 0) return `${title}\n  (none)\n`;
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells: (string | number)[]) => '  ' + cells.map((c, i) => (typeof c === 'number' ? String(c).padStart(widths[i]!) : String(c).padEnd(widths[i]!))).join('  ');
  return [title, line(header), ...rows.map(line), ''].join('\n');
}

/** The `hub stats` report as plain text. */
export function formatIngestStats(stats: IngestStats): string {
  return [
    table('Rows per table', ['table', 'rows'], stats.rowsPerTable.map((r) => [r.table, r.rows])),
    table('Events ingested per topic', ['topic', 'events'], stats.ingestedPerTopic.map((r) => [r.topic, r.events])),
    table('Dead letters per topic and code', ['topic', 'code', 'messages'], stats.deadLettersPerCode.map((r) => [r.topic, r.errorCode, r.messages])),
    table('Unmapped department codes (stored as OTHER)', ['department', 'code', 'occurrences'], stats.unmappedCodes.map((r) => [r.department, r.code, r.occurrences])),
  ].join('\n');
}
