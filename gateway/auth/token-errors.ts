/**
 * Why a bearer token was refused. These strings are a stable contract: the
 * gateway logs them and tests assert on them, while every one of them reaches
 * the caller as `UNAUTHENTICATED` (HTTP 401).
 */
export type TokenRejectionReason =
  | 'TOKEN_MISSING'
  | 'TOKEN_MALFORMED'
  | 'TOKEN_TOO_LARGE'
  | 'ALGORITHM_NOT_ALLOWED'
  | 'UNKNOWN_KEY'
  | 'SIGNATURE_INVALID'
  | 'TOKEN_EXPIRED'
  | 'TOKEN_NOT_YET_VALID'
  | 'ISSUER_NOT_TRUSTED'
  | 'AUDIENCE_MISMATCH'
  | 'CLAIMS_INVALID';

// Enough for an integrator to fix their client, nothing an attacker can use:
// no token text, no key ids, no hint which key or issuer came close.
const DEFAULT_MESSAGES: Readonly<Record<TokenRejectionReason, string>> = {
  TOKEN_MISSING: 'a bearer token is required (Authorization: Bearer <token>)',
  TOKEN_MALFORMED: 'token malformed: expected a signed compact JWT in Authorization: Bearer <token>',
  TOKEN_TOO_LARGE: 'token too large',
  ALGORITHM_NOT_ALLOWED: 'token signing algorithm not allowed',
  UNKNOWN_KEY: 'token signed with a key this hub does not trust',
  SIGNATURE_INVALID: 'token signature invalid',
  TOKEN_EXPIRED: 'token expired',
  TOKEN_NOT_YET_VALID: 'token not yet valid',
  ISSUER_NOT_TRUSTED: 'issuer not trusted',
  AUDIENCE_MISMATCH: 'token audience does not match this hub',
  CLAIMS_INVALID: 'token claims invalid',
};

/** A bearer token the hub will not accept. Callers switch on `reason`; `code` is what the GraphQL error carries. */
export class TokenRejectedError extends Error {
  readonly code = 'UNAUTHENTICATED';
  readonly reason: TokenRejectionReason;
  constructor(reason: TokenRejectionReason, message: string = DEFAULT_MESSAGES[reason], options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TokenRejectedError';
    this.reason = reason;
  }
}

export type KeySourceErrorCode = 'JWKS_UNREADABLE' | 'JWKS_INVALID' | 'JWKS_URL_INVALID' | 'DEV_KEY_INVALID';

/**
 * A key source that cannot be set up: a configuration problem found at start,
 * not a caller's fault, so it never becomes a 401.
 */
export class KeySourceError extends Error {
  readonly code: KeySourceErrorCode;
  constructor(code: KeySourceErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KeySourceError';
    this.code = code;
  }
}
