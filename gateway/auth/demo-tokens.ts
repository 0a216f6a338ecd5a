import { isRegionCode } from '../../schema/identifiers/index.ts';
import type { Department } from '../../schema/vocabulary/categories.ts';
import type { Scope } from './caller.ts';
import { mintToken } from './mint-token.ts';
import type { TokenSigner } from './mint-token.ts';

/** One demo agency and the scopes its officers would plausibly hold. */
export interface DemoAgency {
  agency: string;
  scopes: Scope[];
}

// What each department does with the hub: health (卫健) runs the clue flow and
// inspections; police (公安) identify people; the rest read results and credit.
const DEMO_SCOPES: Readonly<Record<Department, readonly Scope[]>> = {
  health: ['clue:read', 'clue:write', 'result:read', 'credit:read', 'identity:read', 'inspection:draw'],
  police: ['clue:read', 'result:read', 'identity:read', 'identity:photo'],
  market: ['clue:read', 'result:read', 'credit:read'],
  insurance: ['clue:read', 'result:read', 'credit:read'],
  tax: ['result:read', 'credit:read'],
};

/** One agency per department in `region`, with demo scopes; throws RangeError on a bad region code. */
export function demoAgencies(region: string): DemoAgency[] {
  if (!isRegionCode(region)) throw new RangeError('region must be a 6-digit administrative division code');
  return Object.entries(DEMO_SCOPES).map(([department, scopes]) => ({ agency: `${department}:${region}`, scopes: [...scopes] }));
}

/** A demo token per department, for printing at a development start. */
export async function mintDemoTokens(
  signer: TokenSigner,
  options: { issuer: string; audience: string; region: string },
): Promise<Array<DemoAgency & { token: string }>> {
  const { issuer, audience, region } = options;
  return Promise.all(
    demoAgencies(region).map(async ({ agency, scopes }) => ({
      agency,
      scopes,
      token: await mintToken(signer, { agency, scopes, issuer, audience }),
    })),
  );
}
