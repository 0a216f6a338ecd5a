import { randomUUID } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import type { CryptoKey } from 'jose';
import { isRegionCode } from '../../schema/identifiers/index.ts';
import { AGENCY_FORMAT, parseAgency } from './agency.ts';

/** A private key and the header values that let a verifier find its public half. */
export interface TokenSigner {
  privateKey: CryptoKey | KeyObject;
  kid: string;
  alg: string;
}

/** What a minted token says about its holder. */
export interface TokenClaims {
  /** `<department>:<region>`, e.g. `police:510181`. */
  agency: string;
  scopes: string[];
  /** Default `dev-<department>-officer`. */
  subject?: string;
  /** Default: the agency's region. */
  region?: string;
  issuer: string;
  audience: string;
  /** A duration (`90s`, `30m`, `8h`, `7d`) or seconds; default `8h`. */
  expiresIn?: string | number;
  /** Default now; fixtures set it to mint tokens for a frozen clock. */
  issuedAt?: Date;
}

const DURATION = /^([0-9]+) *(s|m|h|d)?$/;
const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;

/** Seconds in a duration such as `90s`, `30m`, `8h`, `7d` (bare number: seconds); `undefined` if not one, or zero. */
export function parseDuration(value: string): number | undefined {
  const match = DURATION.exec(value.trim());
  if (!match) return undefined;
  const seconds = Number(match[1]) * UNIT_SECONDS[(match[2] ?? 's') as keyof typeof UNIT_SECONDS];
  return seconds > 0 && Number.isSafeInteger(seconds) ? seconds : undefined;
}

/** Signs a hub token (development and tests; production tokens come from the agencies' identity provider). */
export async function mintToken(signer: TokenSigner, claims: TokenClaims): Promise<string> {
  const home = parseAgency(claims.agency);
  if (home === undefined) throw new RangeError(`agency must be ${AGENCY_FORMAT}`);
  const region = claims.region ?? home.region;
  if (!isRegionCode(region)) throw new RangeError('region must be a 6-digit administrative division code');
  const { expiresIn = '8h' } = claims;
  const lifetime = typeof expiresIn === 'number' ? expiresIn : parseDuration(expiresIn);
  if (lifetime === undefined || !(Number.isFinite(lifetime) && lifetime > 0)) throw new RangeError('expiresIn must be a positive duration such as 8h or a number of seconds');

  const issuedAt = Math.floor((claims.issuedAt ?? new Date()).getTime() / 1000);
  return new SignJWT({ agency: claims.agency, region, scope: claims.scopes.join(' ') })
    .setProtectedHeader({ alg: signer.alg, kid: signer.kid, typ: 'JWT' })
    .setSubject(claims.subject ?? `dev-${home.department}-officer`)
    .setIssuer(claims.issuer)
    .setAudience(claims.audience)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + Math.floor(lifetime))
    .setJti(randomUUID())
    .sign(signer.privateKey);
}
