/**
 * Whether a POST comes from the console's own pages. Browsers send
 * `Sec-Fetch-Site` and `Origin` with every form POST; a form on another
 * site (a forged grant, or a sign-in with the attacker's token) shows a
 * foreign origin in both, and a request with neither is not from a
 * browser page of ours. SameSite=Strict cookies already keep the session
 * out of cross-site requests; this also covers the sign-in form, which has
 * no session yet.
 *
 * The origin's host is compared with the request's, not its scheme: behind
 * a proxy that ends TLS the page is https and the request reaching the hub
 * is http, and no other site can send this host as its origin.
 */
export function isSameOriginPost(request: Request): boolean {
  const site = request.headers.get('sec-fetch-site');
  if (site !== null && site !== 'same-origin') return false;
  const origin = request.headers.get('origin');
  if (origin !== null && hostOf(origin) !== new URL(request.url).host) return false;
  return site !== null || origin !== null;
}

function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined; // `null` (a sandboxed or privacy-sensitive context) or garbage: not ours
  }
}
