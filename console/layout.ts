import type { Flash } from './flash.ts';
import type { ConsoleError } from './graphql-client.ts';
import { html, type Html } from './html.ts';
import { errorCodeLabels, labelOf } from './labels.ts';

/** The console's pages, in menu order. */
export const navigation = [
  { key: 'grants', path: '/console/grants', label: '授权管理' },
  { key: 'suspensions', path: '/console/suspensions', label: '机构停用' },
  { key: 'audit', path: '/console/audit', label: '审计日志' },
  { key: 'dead-letters', path: '/console/dead-letters', label: '死信队列' },
  { key: 'codes', path: '/console/codes', label: '未映射代码' },
] as const;

export type PageKey = (typeof navigation)[number]['key'];

/** Who is signed in, as the page header shows it. */
export interface SignedIn {
  subject?: string;
  agency?: string;
}

function document(title: string, body: Html): Html {
  return html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · 医疗卫生行业综合监管数据中心</title>
<link rel="stylesheet" href="/console/app.css">
<script src="/console/app.js" defer></script>
</head>
<body>
${body}
</body>
</html>
`;
}

/** A page of the signed-in console: menu, who is signed in, sign-out, banners, then the page. */
export function consolePage(options: { title: string; active: PageKey; signedIn: SignedIn; banners: Html[]; body: Html }): Html {
  const { title, active, signedIn, banners, body } = options;
  return document(
    title,
    html`<header class="top">
<h1>数据管理控制台</h1>
<nav aria-label="主菜单">${navigation.map((item) => html`<a href="${item.path}"${item.key === active ? html` aria-current="page"` : ''}>${item.label}</a>`)}</nav>
<div class="who"><span>${signedIn.agency ?? ''} ${signedIn.subject ?? ''}</span>
<form method="post" action="/console/sign-out" class="row"><button type="submit" class="secondary">退出登录</button></form></div>
</header>
<main>
<h2>${title}</h2>
${banners}
${body}
</main>`,
  );
}

/** A page outside the session (sign-in, not found): no menu, nothing about the data. */
export function plainPage(title: string, body: Html): Html {
  return document(title, html`<main class="narrow">${body}</main>`);
}

/** The banner for failed GraphQL calls: what failed, in Chinese, then each error's code and the gateway's message. */
export function errorBanner(what: string, errors: readonly ConsoleError[]): Html {
  return html`<div class="banner error" role="alert">
<strong>${what}</strong>
${errors.map((error) => html`<div>${labelOf(errorCodeLabels, error.code)} <span class="code">[${error.code}]</span> <span class="detail">接口返回：${error.message}</span></div>`)}
</div>`;
}

export function flashBanner(flash: Flash): Html {
  return html`<div class="banner ${flash.kind}" role="${flash.kind === 'error' ? 'alert' : 'status'}">${flash.text}</div>`;
}

/** A table with a header row; no rows says 暂无数据 across all columns. */
export function dataTable(headers: readonly string[], rows: readonly Html[]): Html {
  return html`<table>
<thead><tr>${headers.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
<tbody>${rows.length > 0 ? rows : html`<tr><td class="empty" colspan="${headers.length}">暂无数据</td></tr>`}</tbody>
</table>`;
}

/** `<option>`s for a select over labelled values, with one selected. */
export function options(labels: Readonly<Record<string, string>>, selected: string | undefined, empty?: string): Html[] {
  const list = Object.entries(labels).map(([value, label]) => html`<option value="${value}"${value === selected ? html` selected` : ''}>${label}</option>`);
  return empty === undefined ? list : [html`<option value="">${empty}</option>`, ...list];
}
