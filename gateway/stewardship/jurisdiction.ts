import { NATIONAL_REGION, regionCovers } from '../../schema/identifiers/index.ts';
import type { GatewayContext } from '../context.ts';
import { gatewayError } from '../errors.ts';

/**
 * A steward acts within its own jurisdiction (DESIGN.md, Access): a
 * provincial steward manages the agencies and regions of its province; a
 * change reaching another province needs a steward covering both, or a
 * national one (`000000`).
 */
export function stewardJurisdiction(context: GatewayContext): string {
  const caller = context.access.caller;
  if (!caller || !context.access.has('steward')) throw gatewayError('FORBIDDEN', 'this needs a steward token');
  return caller.region;
}

/** Whether the calling steward's jurisdiction covers `region`. */
export function stewardCovers(context: GatewayContext, region: string): boolean {
  return regionCovers(stewardJurisdiction(context), region);
}

/** FORBIDDEN, naming the first region outside the steward's jurisdiction. */
export function assertStewardCovers(context: GatewayContext, regions: readonly string[], what: string): void {
  const jurisdiction = stewardJurisdiction(context);
  const outside = regions.find((region) => !regionCovers(jurisdiction, region));
  if (outside !== undefined) {
    throw gatewayError('FORBIDDEN', `${what} reaches region ${outside}, outside this steward's jurisdiction ${jurisdiction}`, { jurisdiction });
  }
}

/** FORBIDDEN unless the caller is a national steward (region `000000`): for changes that reach every region at once. */
export function assertNationalSteward(context: GatewayContext, what: string): void {
  const jurisdiction = stewardJurisdiction(context);
  if (jurisdiction !== NATIONAL_REGION) {
    throw gatewayError('FORBIDDEN', `${what} needs a national steward (region ${NATIONAL_REGION}); this steward's jurisdiction is ${jurisdiction}`, { jurisdiction });
  }
}
