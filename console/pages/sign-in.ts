import type { Flash } from '../flash.ts';
import type { Ask } from '../graphql-client.ts';
import { html, type Html } from '../html.ts';
import { errorBanner, flashBanner, plainPage } from '../layout.ts';

// 登录: a steward pastes the token its identity provider issued; the console keeps it in a cookie
// only after the gateway has answered a steward-only query with it.

/**
 * The cheapest steward-only query: it proves the token is valid now, carries
 * the steward scope, and its agency is not suspended. The console asks it at
 * sign-in, and before showing an error inside a page, so that nobody but a
 * steward ever sees more than the sign-in page.
 */
export const STEWARD_CHECK = 'query ConsoleStewardCheck { suspensions { id } }';
/** The GraphQL documents this page sends: persisted-operations mode allows exactly the console's (console/operations.ts). */
export const operations = [STEWARD_CHECK];

export type StewardCheck = { steward: true } | { steward: false; reason: 'UNAUTHENTICATED' | 'FORBIDDEN'; message: string } | { steward: undefined; banner: Html };

/** Messages for a token that is not a steward's, shown on the sign-in page. */
export const SIGN_IN_REFUSALS = {
  UNAUTHENTICATED: '令牌无效或已过期',
  FORBIDDEN: '此令牌没有数据管理员权限',
  MALFORMED: '令牌格式不正确：请粘贴完整的令牌（三段以“.”分隔）',
} as const;

/** Asks the gateway whether the token behind `ask` is a steward's now; `steward: undefined` when the gateway could not tell. */
export async function checkSteward(ask: Ask): Promise<StewardCheck> {
  const result = await ask<{ suspensions: unknown[] }>(STEWARD_CHECK);
  if (result.ok) return { steward: true };
  for (const reason of ['UNAUTHENTICATED', 'FORBIDDEN'] as const) {
    if (result.errors.some((e) => e.code === reason)) return { steward: false, reason, message: SIGN_IN_REFUSALS[reason] };
  }
  return { steward: undefined, banner: errorBanner('暂时无法验证令牌', result.errors) };
}

/** The sign-in page, with a refusal or a notice above the form when there is one. */
export function signInPage(notice?: { refusal?: string; banner?: Html; flash?: Flash }): Html {
  return plainPage(
    '登录',
    html`<section class="card">
<h2>数据管理控制台</h2>
<p class="hint">医疗卫生行业综合监管数据中心 · 仅限数据管理员（steward）使用</p>
${notice?.flash ? flashBanner(notice.flash) : ''}
${notice?.refusal ? html`<div class="banner error" role="alert" data-refusal>${notice.refusal}</div>` : ''}
${notice?.banner ?? ''}
<form method="post" action="/console/sign-in">
<label>访问令牌<textarea name="token" rows="6" required autocomplete="off" spellcheck="false" placeholder="粘贴本机构身份认证系统签发的数据管理员令牌"></textarea></label>
<div class="actions"><button type="submit">登录</button></div>
</form>
<p class="hint">令牌仅保存在本浏览器的会话 Cookie 中，令牌到期后需重新登录。</p>
</section>`,
  );
}
