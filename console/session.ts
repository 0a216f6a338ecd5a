/**
 * The console's session is the steward's own token, kept in an HttpOnly
 * cookie scoped to /console: the console holds no sessions of its own, and
 * the gateway verifies the token on every request (so a suspension or an
 * expired token takes effect at once). The cookie never outlives the token.
 */

export const SESSION_COOKIE = 'hub_console_session';

/** A JWT's compact form: three base64url parts (the console sends nothing else in a header). */
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const MAX_TOKEN_LENGTH = 3500; // a cookie must stay under the 4 KiB browsers keep

/** The token as pasted (surrounding blanks and a `Bearer ` prefix removed), or `undefined` if it cannot be a JWT. */
export function normaliseToken(pasted: string): string | undefined {
  const token = pasted.trim().replace(/^Bearer\s+/i, '');
  return token.length <= MAX_TOKEN_LENGTH && JWT_SHAPE.test(token) ? token : undefined;
}

/** Cookies of a request by name (the first of duplicates wins). */
export function readCookies(request: Request): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const pair of (request.headers.get('cookie') ?? '').split(';')) {
    const at = pair.indexOf('=');
    if (at < 0) continue;
    const name = pair.slice(0, at).trim();
    if (name && !cookies.has(name)) cookies.set(name, pair.slice(at + 1).trim());
  }
  return cookies;
}

/** The session token of a request, if it carries a well-formed one. */
export function sessionToken(request: Request): string | undefined {
  const value = readCookies(request).get(SESSION_COOKIE);
  return value === undefined ? undefined : normaliseToken(value);
}

/**
 * What an unverified token claims: for the cookie's lifetime, the page header
 * and which forms a page offers, never for a decision (the gateway verifies
 * the token and decides every request).
 */
export interface UnverifiedClaims {
  subject?: string;
  agency?: string;
  region?: string;
  expiresAt?: Date;
}

export function unverifiedClaims(token: string): UnverifiedClaims {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
    const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
    return {
      subject: text(payload.sub),
      agency: text(payload.agency),
      region: text(payload.region),
      expiresAt: typeof payload.exp === 'number' ? new Date(payload.exp * 1000) : undefined,
    };
  } catch {
    return {};
  }
}

/** The jurisdiction a token claims: its `region`, else its agency's (`health:510000` → 510000), as the gateway reads it. */
export function claimedRegion(claims: UnverifiedClaims): string | undefined {
  return claims.region ?? /^[a-z]+:([0-9]{6})$/.exec(claims.agency ?? '')?.[1];
}

export interface CookieOptions {
  /** Adds `Secure` (production is served over HTTPS). */
  secure: boolean;
}

/** Seconds until the token expires, at least 0; 0 when it names no expiry (the gateway will have refused it anyway). */
export function secondsLeft(token: string, now: Date = new Date()): number {
  const expiresAt = unverifiedClaims(token).expiresAt;
  return expiresAt ? Math.max(0, Math.floor((expiresAt.getTime() - now.getTime()) / 1000)) : 0;
}

/** `Set-Cookie` value holding the token until it expires, and no longer. */
export function sessionCookie(token: string, options: CookieOptions, now: Date = new Date()): string {
  return cookie(SESSION_COOKIE, token, secondsLeft(token, now), options);
}

/** `Set-Cookie` value that removes the session. */
export function clearedSessionCookie(options: CookieOptions): string {
  return cookie(SESSION_COOKIE, '', 0, options);
}

/** A cookie only the console's own pages send back: HttpOnly, SameSite=Strict, Path=/console. */
export function cookie(name: string, value: string, maxAgeSeconds: number, options: CookieOptions): string {
  return `${name}=${value}; Path=/console; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${options.secure ? '; Secure' : ''}`;
}
