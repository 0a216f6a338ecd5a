/**
 * Kafka header names the hub's own parts agree on (the connectors read what
 * the gateway and the CLI write), kept in `schema/` so neither imports the other.
 */

/** On a message a steward re-published from the dead letters: the id of the dead letter it replays. */
export const REPLAY_OF_HEADER = 'hub-replay-of';

/** The dead-letter id a `hub-replay-of` header names, or `null` when absent or not an id. */
export function replayOfHeaderValue(value: string | undefined): number | null {
  if (value === undefined || !/^[1-9][0-9]{0,15}$/.test(value)) return null;
  const id = Number(value);
  return Number.isSafeInteger(id) ? id : null;
}
