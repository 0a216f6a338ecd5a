import { decodeProtectedHeader, errors, jwtVerify } from 'jose';
import type { JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { isRegionCode, regionCovers } from '../../schema/identifiers/index.ts';
import { AGENCY_FORMAT, parseAgency } from './agency.ts';
import { isScope } from './caller.ts';
import type { Caller } from './caller.ts';
import { TokenRejectedError } from './token-errors.ts';

/**
 * Signature algorithms the hub can ever accept: asymmetric only. `none` and
 * the HMAC family are absent on purpose: with HS256 a verifier holding only a
 * public key could be fed a token "signed" with that public key as the secret.
 */
export const ASYMMETRIC_ALGORITHMS: readonly string[] = [
  'ES256', 'ES384', 'ES512',
  'RS256', 'RS384', 'RS512',
  'PS256', 'PS384', 'PS512',
  'EdDSA', 'Ed25519',
];

export const DEFAULT_ALGORITHMS: readonly string[] = ['ES256', 'RS256', 'EdDSA'];

export interface TokenVerifierOptions {
  /** Resolves the public key for a token's header (see key-sources.ts). */
  keys: JWTVerifyGetKey;
  /** Exact `iss` values trusted. */
  issuers: string[];
  /** The `aud` this hub answers to, e.g. `supervision-hub`. */
  audience: string;
  /** Narrows the accepted algorithms; anything outside {@link ASYMMETRIC_ALGORITHMS} is ignored, so a token using it is refused. */
  algorithms?: string[];
  /** Allowed clock skew for `exp` and `nbf`, in seconds (default 30). */
  clockToleranceSeconds?: number;
  /** Tokens longer than this many bytes are refused before any parsing (default 8192). */
  maxTokenBytes?: number;
  /** The clock, for tests. */
  currentDate?: () => Date;
}

/** Verifies a bearer token and returns who is calling; throws {@link TokenRejectedError} for any token it will not accept. */
export type TokenVerifier = (token: string | undefined) => Promise<Caller>;

// Three base64url segments; the signature may be empty here so that an
// `alg: none` token is reported as the algorithm problem it is.
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

// Each claim's rule as an integrator needs to read it; values are never echoed.
const CLAIM_RULES = {
  sub: 'sub must be a non-empty string',
  agency: `agency must be ${AGENCY_FORMAT}`,
  region: 'region must be a 6-digit administrative division code',
  scope: 'scope must be a space-separated string',
  exp: 'exp must be a NumericDate',
} as const;

const hubClaims = z.object({
  sub: z.string().min(1).max(256),
  agency: z.string().transform((value, context) => {
    const home = parseAgency(value);
    if (home === undefined) {
      context.issues.push({ code: 'custom', message: CLAIM_RULES.agency, input: value });
      return z.NEVER;
    }
    return { name: value, ...home };
  }),
  region: z.string().refine(isRegionCode).optional(),
  scope: z.string(),
  exp: z.number(),
});

/**
 * Builds the verifier the gateway runs on every request. Checks, in order:
 * size, shape, algorithm (before any key is looked up), signature, issuer,
 * audience, `exp`/`nbf` with skew, then the hub's own claims.
 */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const { keys, audience, clockToleranceSeconds = 30, maxTokenBytes = 8192, currentDate = () => new Date() } = options;
  const issuers = [...options.issuers];
  if (issuers.length === 0 || issuers.some((issuer) => issuer === '')) throw new TypeError('issuers must list at least one non-empty issuer');
  if (audience === '') throw new TypeError('audience must not be empty');
  if (!(clockToleranceSeconds >= 0 && Number.isFinite(clockToleranceSeconds))) throw new RangeError('clockToleranceSeconds must be a finite number >= 0');
  if (!(Number.isInteger(maxTokenBytes) && maxTokenBytes > 0)) throw new RangeError('maxTokenBytes must be a positive integer');
  // Fail closed: an unsafe entry is dropped, never honoured; an empty result refuses every token.
  const algorithms = (options.algorithms ?? DEFAULT_ALGORITHMS).filter((alg) => ASYMMETRIC_ALGORITHMS.includes(alg));
  const allowed = new Set(algorithms);

  return async function verifyToken(token) {
    if (token === undefined || token === '') throw new TokenRejectedError('TOKEN_MISSING');
    if (Buffer.byteLength(token, 'utf8') > maxTokenBytes) throw new TokenRejectedError('TOKEN_TOO_LARGE', `token too large: at most ${maxTokenBytes} bytes`);
    if (!COMPACT_JWS.test(token)) throw new TokenRejectedError('TOKEN_MALFORMED');

    let alg: unknown;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch (cause) {
      throw new TokenRejectedError('TOKEN_MALFORMED', undefined, { cause });
    }
    if (typeof alg !== 'string' || !allowed.has(alg)) {
      throw new TokenRejectedError('ALGORITHM_NOT_ALLOWED', `token signing algorithm not allowed; accepted: ${algorithms.join(', ') || 'none configured'}`);
    }
    if (token.endsWith('.')) throw new TokenRejectedError('TOKEN_MALFORMED', 'token malformed: signature missing');

    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        algorithms,
        issuer: issuers,
        audience,
        clockTolerance: clockToleranceSeconds,
        currentDate: currentDate(),
        requiredClaims: ['exp'],
      }));
    } catch (error) {
      throw rejectionFor(error, audience) ?? error;
    }
    // jose checks iat only against a maximum age; a token issued in the future is as suspect as one not yet valid.
    const issuedAt = (payload as { iat?: unknown }).iat;
    if (typeof issuedAt === 'number' && issuedAt > currentDate().getTime() / 1000 + clockToleranceSeconds) {
      throw new TokenRejectedError('TOKEN_NOT_YET_VALID', "token issued in the future: check the issuer's clock");
    }
    return callerFrom(payload);
  };
}

/** Translates jose's errors; `undefined` for failures that are not the token's fault (e.g. the JWKS endpoint is down). */
function rejectionFor(error: unknown, audience: string): TokenRejectedError | undefined {
  const cause = { cause: error };
  if (error instanceof errors.JWTExpired) return new TokenRejectedError('TOKEN_EXPIRED', undefined, cause);
  if (error instanceof errors.JWTClaimValidationFailed) {
    switch (error.claim) {
      case 'nbf':
      case 'iat':
        return new TokenRejectedError('TOKEN_NOT_YET_VALID', undefined, cause);
      case 'iss':
        return new TokenRejectedError('ISSUER_NOT_TRUSTED', undefined, cause);
      case 'aud':
        return new TokenRejectedError('AUDIENCE_MISMATCH', `audience must be ${audience}`, cause);
      default:
        return new TokenRejectedError('CLAIMS_INVALID', `token claims invalid: ${error.claim} ${error.reason === 'missing' ? 'is required' : 'is invalid'}`, cause);
    }
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return new TokenRejectedError('SIGNATURE_INVALID', undefined, cause);
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return new TokenRejectedError('UNKNOWN_KEY', undefined, cause);
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return new TokenRejectedError('ALGORITHM_NOT_ALLOWED', undefined, cause);
  }
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return new TokenRejectedError('TOKEN_MALFORMED', undefined, cause);
  return undefined;
}

function callerFrom(payload: unknown): Caller {
  const parsed = hubClaims.safeParse(payload);
  if (!parsed.success) {
    const claims = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0])))];
    const rules = claims.map((claim) => (claim in CLAIM_RULES ? CLAIM_RULES[claim as keyof typeof CLAIM_RULES] : `${claim} is invalid`));
    throw new TokenRejectedError('CLAIMS_INVALID', `token claims invalid: ${rules.join('; ')}`, { cause: parsed.error });
  }
  const { sub, agency, region, scope, exp } = parsed.data;
  // The region narrows the agency's jurisdiction, never widens it: police:510181 cannot claim 510000.
  if (region !== undefined && !regionCovers(agency.region, region)) {
    throw new TokenRejectedError('CLAIMS_INVALID', "token claims invalid: region must lie within the agency's region");
  }
  return {
    expiresAt: new Date(exp * 1000),
    subject: sub,
    agency: agency.name,
    department: agency.department,
    region: region ?? agency.region,
    scopes: new Set(scope.split(/\s+/).filter(isScope)),
  };
}

/**
 * The token in an `Authorization` header: `undefined` when there is no
 * header; a header present in any other form than `Bearer <token>` is refused
 * rather than ignored, so a misconfigured client hears why.
 */
export function bearerToken(authorizationHeader: string | null): string | undefined {
  if (authorizationHeader === null) return undefined;
  const match = /^Bearer +([^\s]+) *$/i.exec(authorizationHeader);
  if (!match?.[1]) throw new TokenRejectedError('TOKEN_MALFORMED', 'Authorization header must be: Bearer <token>');
  return match[1];
}
