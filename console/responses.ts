import type { Html } from './html.ts';

/**
 * Headers on every console response. Pages hold audit and personal data:
 * never cached, never framed, no referrer to other sites (`same-origin`, not `no-referrer`: with that, browsers send `Origin: null` on our own form posts), and scripts and
 * styles from the console's own files only (no inline script, no CDN).
 */
const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
  'cache-control': 'no-store',
};

/** An HTML page; `cookies` are full `Set-Cookie` values. */
export function htmlResponse(body: Html, status = 200, cookies: readonly string[] = []): Response {
  const headers = new Headers({ ...SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8' });
  for (const c of cookies) headers.append('set-cookie', c);
  return new Response(body.text, { status, headers });
}

/** 303 See Other: the browser GETs `location` (post/redirect/get). */
export function redirect(location: string, cookies: readonly string[] = []): Response {
  const headers = new Headers({ ...SECURITY_HEADERS, location });
  for (const c of cookies) headers.append('set-cookie', c);
  return new Response(null, { status: 303, headers });
}

/** A static file of the console's own (its script and stylesheet). */
export function assetResponse(text: string, contentType: string): Response {
  return new Response(text, { status: 200, headers: { ...SECURITY_HEADERS, 'content-type': contentType, 'cache-control': 'no-cache' } });
}

export function plainResponse(status: number, text: string): Response {
  return new Response(text, { status, headers: { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' } });
}
