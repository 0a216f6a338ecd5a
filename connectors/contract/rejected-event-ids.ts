import { isRegionCode } from '../../schema/identifiers/index.ts';
import { isStorableText } from './storable-text.ts';

const SOURCE = /^\/[a-z]+\/([0-9]{6})\/[^/].{0,200}$/s;

/**
 * The `source` and `id` of a message rejected before its envelope passed
 * (a missing field, a bad time, another department's source), where they
 * can be read at all: the dead letter then keeps the region it came from,
 * so the stewards of that region see it. A source without a real region,
 * or text PostgreSQL cannot store, gives nothing; such a dead letter is for
 * national stewards only. Only rejected messages come here, so reading the
 * JSON a second time costs nothing on the accepted path.
 */
export function rejectedEventIds(value: Buffer | null): { source: string; eventId: string | null } | null {
  let json: unknown;
  try {
    json = value === null ? null : JSON.parse(value.toString('utf8'));
  } catch {
    return null;
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return null;
  const { source, id } = json as Record<string, unknown>;
  if (typeof source !== 'string' || !isStorableText(source)) return null;
  const region = SOURCE.exec(source)?.[1];
  if (region === undefined || !isRegionCode(region) || region === '000000') return null;
  const eventId = typeof id === 'string' && id.length > 0 && id.length <= 200 && isStorableText(id) ? id : null;
  return { source, eventId };
}
