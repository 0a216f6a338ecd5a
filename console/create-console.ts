import { readFileSync } from 'node:fs';
import { clearedFlashCookie, flashCookie, readFlash } from './flash.ts';
import { askAs, type ConsoleError, type ConsoleGraphQL } from './graphql-client.ts';
import { html, type Html } from './html.ts';
import { consolePage, errorBanner, flashBanner, plainPage } from './layout.ts';
import type { ActionResult, ConsolePage } from './page.ts';
import { auditPage } from './pages/audit.ts';
import { codesPage } from './pages/codes.ts';
import { deadLettersPage } from './pages/dead-letters.ts';
import { grantsPage } from './pages/grants.ts';
import { checkSteward, SIGN_IN_REFUSALS, signInPage } from './pages/sign-in.ts';
import { suspensionsPage } from './pages/suspensions.ts';
import { assetResponse, htmlResponse, plainResponse, redirect } from './responses.ts';
import { isSameOriginPost } from './same-origin.ts';
import { clearedSessionCookie, normaliseToken, sessionCookie, sessionToken, unverifiedClaims, type CookieOptions } from './session.ts';

export interface ConsoleOptions {
  /** GraphQL through the gateway, as the holder of a token (see graphqlThroughGateway). */
  graphql: ConsoleGraphQL;
  /** Production serves over HTTPS: cookies are marked Secure. */
  production: boolean;
  /** Where the console reports its own failures (the hub passes pino); never given request data. */
  log?: { error(object: object, message?: string): void };
}

/** The steward console as a fetch handler for `/console` and everything under it. */
export interface StewardConsole {
  fetch(request: Request): Promise<Response>;
}

/** Whether a path belongs to the console. */
export function isConsolePath(pathname: string): boolean {
  return pathname === '/console' || pathname.startsWith('/console/');
}

const pages: readonly ConsolePage[] = [grantsPage, suspensionsPage, auditPage, deadLettersPage, codesPage];
const SIGN_IN = '/console/';
const MAX_FORM_BYTES = 64 * 1024;

const asset = (name: string) => readFileSync(new URL(`./assets/${name}`, import.meta.url), 'utf8');

/**
 * The web console for data stewards (issue #5): server-rendered pages over
 * the steward GraphQL API. It reads and changes nothing except through
 * GraphQL with the signed-in steward's token, so the gateway's scope,
 * jurisdiction and audit rules apply unchanged. Changes are form posts
 * (post/redirect/get), accepted only from the console's own pages.
 */
export function createConsole(options: ConsoleOptions): StewardConsole {
  const cookies: CookieOptions = { secure: options.production };
  const script = asset('app.js');
  const stylesheet = asset('app.css');

  /** A page of the signed-in console, or the way back to sign-in if the session is not a steward's. */
  async function showPage(request: Request, token: string, page: ConsolePage, params: URLSearchParams, failure?: { banner: Html; errors: ConsoleError[] }): Promise<Response> {
    const ask = askAs(options.graphql, token);
    if (failure && failure.errors.some((e) => e.code === 'UNAUTHENTICATED')) return signedOut('UNAUTHENTICATED');
    const claims = unverifiedClaims(token);
    const rendered = await page.render(ask, params, claims);
    if (!rendered.ok) {
      // Show the failure inside the console only to a steward: anyone else goes back to sign-in.
      const check = await checkSteward(ask);
      if (check.steward === false) return signedOut(check.reason);
      if (check.steward === undefined) return htmlResponse(signInPage({ banner: check.banner }), 502);
    }
    const flash = readFlash(request);
    const banners: Html[] = [];
    if (flash) banners.push(flashBanner(flash));
    if (failure) banners.push(failure.banner);
    if (!rendered.ok) banners.push(errorBanner('数据加载失败', rendered.errors));
    const body = consolePage({ title: page.title, active: page.key, signedIn: claims, banners, body: rendered.ok ? rendered.body : html`` });
    const status = failure ? statusFor(failure.errors) : rendered.ok ? 200 : statusFor(rendered.errors);
    return htmlResponse(body, status, flash ? [clearedFlashCookie(cookies)] : []);
  }

  function signedOut(reason: 'UNAUTHENTICATED' | 'FORBIDDEN'): Response {
    const text = reason === 'UNAUTHENTICATED' ? '登录已失效（令牌无效或已过期），请重新登录' : SIGN_IN_REFUSALS.FORBIDDEN;
    return redirect(SIGN_IN, [clearedSessionCookie(cookies), flashCookie({ kind: 'error', text }, cookies)]);
  }

  async function signIn(form: URLSearchParams): Promise<Response> {
    const token = normaliseToken(form.get('token') ?? '');
    if (token === undefined) return htmlResponse(signInPage({ refusal: SIGN_IN_REFUSALS.MALFORMED }), 400);
    const check = await checkSteward(askAs(options.graphql, token));
    if (check.steward === undefined) return htmlResponse(signInPage({ banner: check.banner }), 502);
    if (!check.steward) return htmlResponse(signInPage({ refusal: check.message }), check.reason === 'UNAUTHENTICATED' ? 401 : 403);
    return redirect('/console/grants', [sessionCookie(token, cookies)]);
  }

  async function act(request: Request, token: string, page: ConsolePage, result: ActionResult): Promise<Response> {
    if (result.kind === 'redirect') return redirect(result.location, [flashCookie(result.flash, cookies)]);
    if (result.kind === 'render') return showPage(request, token, page, result.params);
    return showPage(request, token, page, result.form, { banner: errorBanner(result.what, result.errors), errors: result.errors });
  }

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const path = url.pathname;
    const method = request.method === 'HEAD' ? 'GET' : request.method;

    if (method === 'GET') {
      if (path === '/console' || path === SIGN_IN) {
        const flash = readFlash(request);
        return htmlResponse(signInPage({ flash }), 200, flash ? [clearedFlashCookie(cookies)] : []);
      }
      if (path === '/console/app.js') return assetResponse(script, 'text/javascript; charset=utf-8');
      if (path === '/console/app.css') return assetResponse(stylesheet, 'text/css; charset=utf-8');
      const page = pages.find((p) => path === `/console/${p.key}`);
      if (!page) return notFound();
      const token = sessionToken(request);
      if (token === undefined) return redirect(SIGN_IN);
      return showPage(request, token, page, url.searchParams);
    }

    if (method !== 'POST') return plainResponse(405, '不支持的请求方法');
    if (!isSameOriginPost(request)) return plainResponse(403, '已拒绝：跨站提交的表单');
    const form = await readForm(request);
    if (form === undefined) return plainResponse(415, '表单格式不正确');

    if (path === '/console/sign-in') return signIn(form);
    if (path === '/console/sign-out') return redirect(SIGN_IN, [clearedSessionCookie(cookies), flashCookie({ kind: 'success', text: '已退出登录' }, cookies)]);
    const [, , key = '', action = '', ...rest] = path.split('/');
    const page = pages.find((p) => p.key === key);
    const run = rest.length === 0 ? page?.actions[action] : undefined;
    if (!page || !run) return notFound();
    const token = sessionToken(request);
    if (token === undefined) return redirect(SIGN_IN);
    return act(request, token, page, await run(askAs(options.graphql, token), form));
  }

  return {
    async fetch(request) {
      try {
        return await handle(request);
      } catch (error) {
        // The error's kind and where it arose, not its message: a message may quote what the request carried.
        options.log?.error({ error: error instanceof Error ? error.name : typeof error, stack: error instanceof Error ? error.stack?.split('\n').slice(1, 6).join('\n') : undefined }, 'steward console failed to answer a request');
        return htmlResponse(plainPage('出错了', html`<div class="banner error" role="alert">控制台内部错误，请稍后重试。</div>`), 500);
      }
    },
  };
}

function notFound(): Response {
  return htmlResponse(plainPage('页面不存在', html`<div class="banner error" role="alert">页面不存在。<a href="/console/">返回登录页</a></div>`), 404);
}

/** The HTTP status for a page shown with these errors. */
function statusFor(errors: readonly ConsoleError[]): number {
  const code = errors[0]?.code;
  if (code === 'BAD_USER_INPUT') return 400;
  if (code === 'FORBIDDEN') return 403;
  if (code === 'NOT_FOUND') return 404;
  if (code === 'SERVICE_UNAVAILABLE') return 503;
  if (code === 'GATEWAY_UNREACHABLE') return 502;
  return 500;
}

/** A urlencoded form body of at most 64 KiB; `undefined` for anything else. */
async function readForm(request: Request): Promise<URLSearchParams | undefined> {
  const type = request.headers.get('content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded')) return undefined;
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_FORM_BYTES) return undefined;
  return new URLSearchParams(text);
}

