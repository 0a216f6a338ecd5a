import { formatChinaTime, parseChinaDateTimeLocal } from '../china-time.ts';
import { html, type Html } from '../html.ts';
import { auditActionLabels, brokenLinkLabels, labelOf, purposeBasisLabels } from '../labels.ts';
import { dataTable, options } from '../layout.ts';
import { field, type ConsolePage } from '../page.ts';

// 审计日志: who read whose unmasked data, saw a photo, changed a grant or read a dead letter; and the check
// that the hash chain is unbroken. The filter form is posted, not sent in the URL: it may hold an ID number,
// which must not end up in browser history or proxy logs. A search changes nothing, so its results are
// rendered directly (no redirect).

interface AuditEntry {
  seq: number;
  recordedAt: string;
  action: string;
  actor: string;
  agency: string;
  operation: string;
  fieldPath: string;
  recordId: string;
  purposeBasis: string | null;
  purposeReference: string | null;
  requestId: string;
  subjectIdNumber: string | null;
  detail: string | null;
}

interface AuditPage {
  auditLog: { totalCount: number; edges: Array<{ node: AuditEntry }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

interface ChainReport {
  ok: boolean;
  checked: number;
  head: { seq: number; hash: string } | null;
  firstBroken: { seq: number; reason: string } | null;
}

const LIST = `query ConsoleAuditLog($first: Int, $after: String, $filter: AuditLogFilter) {
  auditLog(first: $first, after: $after, filter: $filter) {
    totalCount
    edges { node { seq recordedAt action actor agency operation fieldPath recordId purposeBasis purposeReference requestId subjectIdNumber detail } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const VERIFY = 'query ConsoleVerifyAuditChain { verifyAuditChain { ok checked head { seq hash } firstBroken { seq reason } } }';
/** The GraphQL documents this page sends: persisted-operations mode allows exactly the console's (console/operations.ts). */
export const operations = [LIST, VERIFY];

const PAGE_SIZE = 20;
const TEXT_FILTERS = ['agency', 'actor', 'idNumber', 'fieldPath'] as const;
const FILTER_NAMES = [...TEXT_FILTERS, 'purposeBasis', 'action', 'from', 'to'] as const;

/** The AuditLogFilter for the form's values, or the console's own complaint about a time. */
function filterOf(params: URLSearchParams): { filter: Record<string, string> } | { invalid: string } {
  const filter: Record<string, string> = {};
  for (const name of [...TEXT_FILTERS, 'purposeBasis', 'action'] as const) {
    const value = field(params, name);
    if (value) filter[name] = value;
  }
  for (const [name, label] of [['from', '开始时间'], ['to', '结束时间']] as const) {
    const value = field(params, name);
    if (!value) continue;
    const instant = parseChinaDateTimeLocal(value);
    if (instant === undefined) return { invalid: `${label}：请填写有效的日期和时间（北京时间）` };
    filter[name] = instant;
  }
  return { filter };
}

/** Hidden fields carrying the current filters, for the next-page form. */
function carriedFilters(params: URLSearchParams): Html[] {
  return FILTER_NAMES.filter((name) => field(params, name)).map((name) => html`<input type="hidden" name="${name}" value="${field(params, name)}">`);
}

function entryRow(entry: AuditEntry): Html {
  return html`<tr data-seq="${entry.seq}">
<td class="num">${entry.seq}</td>
<td>${formatChinaTime(entry.recordedAt)}</td>
<td>${labelOf(auditActionLabels, entry.action)}</td>
<td>${entry.actor}<br><span class="hint">${entry.agency}</span></td>
<td class="mono">${entry.operation}<br>${entry.fieldPath}</td>
<td class="mono">${entry.recordId}</td>
<td>${entry.purposeBasis ? html`${labelOf(purposeBasisLabels, entry.purposeBasis)}<br><span class="hint">${entry.purposeReference ?? ''}</span>` : ''}</td>
<td class="mono">${entry.subjectIdNumber ?? ''}</td>
<td class="mono">${entry.requestId}</td>
<td>${entry.detail ? html`<details><summary>查看</summary><pre class="event">${entry.detail}</pre></details>` : ''}</td>
</tr>`;
}

export const auditPage: ConsolePage = {
  key: 'audit',
  title: '审计日志',

  async render(ask, params) {
    const parsed = filterOf(params);
    if ('invalid' in parsed) return { ok: false, errors: [{ code: 'BAD_USER_INPUT', message: parsed.invalid }] };
    const after = field(params, 'after');
    const result = await ask<AuditPage>(LIST, { first: PAGE_SIZE, after: after || null, filter: parsed.filter });
    if (!result.ok) return result;
    const { totalCount, edges, pageInfo } = result.data.auditLog;
    return {
      ok: true,
      body: html`<section class="card">
<form method="post" action="/console/audit" class="grid">
<label>机构<input name="agency" placeholder="如 police:510181" value="${field(params, 'agency')}"></label>
<label>操作人<input name="actor" value="${field(params, 'actor')}"></label>
<label>数据主体身份证号<input name="idNumber" autocomplete="off" maxlength="18" value="${field(params, 'idNumber')}"></label>
<label>字段<input name="fieldPath" placeholder="如 PersonIdentity.idNumber" value="${field(params, 'fieldPath')}"></label>
<label>目的依据<select name="purposeBasis">${options(purposeBasisLabels, field(params, 'purposeBasis') || undefined, '全部')}</select></label>
<label>动作<select name="action">${options(auditActionLabels, field(params, 'action') || undefined, '全部')}</select></label>
<label>开始时间（北京时间）<input type="datetime-local" name="from" value="${field(params, 'from')}"></label>
<label>结束时间（北京时间）<input type="datetime-local" name="to" value="${field(params, 'to')}"></label>
<div class="actions"><button type="submit">查询</button><a href="/console/audit">清除条件</a></div>
</form>
</section>
<section class="card">
<form method="post" action="/console/audit/verify" class="row">
<button type="submit" class="secondary">校验哈希链</button>
<span class="hint">重新计算全部审计记录的哈希链，报告第一处断裂；记录较多时需要一些时间。</span>
</form>
</section>
<p class="hint">共 ${totalCount} 条${after ? '（当前为后续页）' : ''}，按时间从新到旧排列。数据主体身份证号已脱敏显示。</p>
${dataTable(['序号', '时间', '动作', '操作人', '操作 / 字段', '记录', '目的', '数据主体', '请求号', '详情'], edges.map((edge) => entryRow(edge.node)))}
<div class="pager">
${after ? html`<form method="post" action="/console/audit" class="row">${carriedFilters(params)}<button type="submit" class="secondary">返回第一页</button></form>` : ''}
${
  pageInfo.hasNextPage && pageInfo.endCursor
    ? html`<form method="post" action="/console/audit" class="row">${carriedFilters(params)}<input type="hidden" name="after" value="${pageInfo.endCursor}"><button type="submit" class="secondary">下一页</button></form>`
    : ''
}
</div>`,
    };
  },

  actions: {
    async ''(_ask, form) {
      return { kind: 'render', params: form };
    },

    async verify(ask) {
      const result = await ask<{ verifyAuditChain: ChainReport | null }>(VERIFY);
      if (!result.ok) return { kind: 'failed', what: '校验哈希链失败', errors: result.errors, form: new URLSearchParams() };
      const report = result.data.verifyAuditChain;
      if (!report) return { kind: 'failed', what: '校验哈希链失败', errors: [{ code: 'INTERNAL_SERVER_ERROR', message: 'no report' }], form: new URLSearchParams() };
      const head = report.head ? `，链头 #${report.head.seq}（${report.head.hash.slice(0, 16)}…）` : '';
      const text = report.ok
        ? `哈希链完整：已校验 ${report.checked} 条记录${head}`
        : `哈希链断裂：第 ${report.firstBroken?.seq ?? '?'} 条记录${report.firstBroken ? `，${labelOf(brokenLinkLabels, report.firstBroken.reason)}` : ''}；此前 ${report.checked} 条完整${head}`;
      return { kind: 'redirect', location: '/console/audit', flash: { kind: report.ok ? 'success' : 'error', text } };
    },
  },
};
