import { cookie, readCookies, type CookieOptions } from './session.ts';

/**
 * A one-time notice carried across a post/redirect/get: the result of a
 * change, shown once on the page the browser is sent to. It travels in a
 * short-lived cookie, not the URL, so no link can put words into the banner.
 */
export interface Flash {
  kind: 'success' | 'error';
  text: string;
}

export const FLASH_COOKIE = 'hub_console_flash';

export function flashCookie(flash: Flash, options: CookieOptions): string {
  return cookie(FLASH_COOKIE, Buffer.from(JSON.stringify(flash), 'utf8').toString('base64url'), 60, options);
}

export function clearedFlashCookie(options: CookieOptions): string {
  return cookie(FLASH_COOKIE, '', 0, options);
}

/** The notice a request carries, if any. */
export function readFlash(request: Request): Flash | undefined {
  const value = readCookies(request).get(FLASH_COOKIE);
  if (!value) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Partial<Flash>;
    if ((parsed.kind === 'success' || parsed.kind === 'error') && typeof parsed.text === 'string') return { kind: parsed.kind, text: parsed.text.slice(0, 2000) };
  } catch {
    // a damaged notice is dropped, not shown
  }
  return undefined;
}
