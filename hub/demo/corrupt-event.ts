/**
 * Ways a regional system gets an event wrong, one per dead-letter class the
 * ingest tests name. `n` picks the way, so a stream cycles through them all.
 */
export const corruptions: readonly [name: string, corrupt: (event: Record<string, unknown>) => string][] = [
  ['not JSON', (e) => JSON.stringify(e).slice(0, 40)],
  ['not a CloudEvent', (e) => JSON.stringify({ hello: 'world', data: e.data })],
  ['wrong specversion', (e) => JSON.stringify({ ...e, specversion: '0.3' })],
  ['unknown type', (e) => JSON.stringify({ ...e, type: `${String(e.type).split('.')[0]}.thing.happened` })],
  ['department mismatch', (e) => JSON.stringify({ ...e, source: String(e.source).replace(/^\/(\w+)\//, (_, dept: string) => (dept === 'tax' ? '/market/' : '/tax/')) })],
  ['malformed region', (e) => JSON.stringify({ ...e, source: String(e.source).replace(/\/\d{6}\//, '/5101/') })],
  ['impossible date', (e) => JSON.stringify({ ...e, time: '2026-02-30T10:00:00+08:00' })],
  ['missing data', (e) => JSON.stringify({ ...e, data: undefined })],
];

export function corruptEvent(event: Record<string, unknown>, n: number): string {
  return corruptions[n % corruptions.length]![1](event);
}
