import { formatChinaTime } from '../china-time.ts';
import { html } from '../html.ts';
import { dataTable } from '../layout.ts';
import { field, invalidInput, type ConsolePage } from '../page.ts';

// 机构停用: a suspended agency is refused everything at once, whatever its tokens say, until restored.

interface Suspension {
  id: string;
  agency: string;
  reason: string;
  suspendedBy: string;
  suspendedAt: string;
  restoredAt: string | null;
  restoredBy: string | null;
}

const FIELDS = 'id agency reason suspendedBy suspendedAt restoredAt restoredBy';

const LIST = `query ConsoleSuspensions($agency: String, $includeRestored: Boolean) {
  suspensions(agency: $agency, includeRestored: $includeRestored) { ${FIELDS} }
}`;

const SUSPEND = `mutation ConsoleSuspendAgency($agency: String!, $reason: String!) { suspendAgency(agency: $agency, reason: $reason) { ${FIELDS} } }`;

const RESTORE = `mutation ConsoleRestoreAgency($agency: String!) { restoreAgency(agency: $agency) { ${FIELDS} } }`;
/** The GraphQL documents this page sends: persisted-operations mode allows exactly the console's (console/operations.ts). */
export const operations = [LIST, SUSPEND, RESTORE];

const SUSPEND_FAILED = '停用机构失败';

export const suspensionsPage: ConsolePage = {
  key: 'suspensions',
  title: '机构停用',

  async render(ask, params) {
    const agency = field(params, 'agency');
    const inForceOnly = params.get('show') === 'in-force';
    const result = await ask<{ suspensions: Suspension[] }>(LIST, { agency: agency || null, includeRestored: !inForceOnly });
    if (!result.ok) return result;
    const rows = result.data.suspensions.map(
      (s) => html`<tr data-suspension-id="${s.id}">
<td>${s.agency}</td>
<td>${s.reason}</td>
<td>${s.suspendedBy}</td>
<td>${formatChinaTime(s.suspendedAt)}</td>
<td>${
        s.restoredAt
          ? html`<span class="state REVOKED">已恢复</span><br><span class="hint">${formatChinaTime(s.restoredAt)} 由 ${s.restoredBy ?? ''} 恢复</span>`
          : html`<span class="state EXPIRED">停用中</span>`
      }</td>
<td>${
        s.restoredAt
          ? ''
          : html`<form method="post" action="/console/suspensions/restore" class="row"><input type="hidden" name="agency" value="${s.agency}"><button type="submit" class="secondary" data-confirm="确定恢复 ${s.agency} 的访问？">恢复</button></form>`
      }</td>
</tr>`,
    );
    return {
      ok: true,
      body: html`<section class="card">
<h3>停用机构</h3>
<p class="hint">停用立即生效：该机构的所有请求都将被拒绝，无论其令牌是否有效，直至恢复。</p>
<form method="post" action="/console/suspensions" class="grid">
<label>机构<input name="newAgency" required placeholder="如 police:510181" value="${field(params, 'newAgency')}"></label>
<label class="wide">停用原因<textarea name="newReason" required placeholder="如 账号疑似泄露，待核查">${field(params, 'newReason')}</textarea></label>
<div><button type="submit" class="danger" data-confirm="确定停用该机构？停用立即生效。">停用</button></div>
</form>
</section>
<section class="card">
<form method="get" action="/console/suspensions" class="row">
<label class="inline">机构<input name="agency" placeholder="全部机构" value="${agency}"></label>
<label class="inline"><input type="checkbox" name="show" value="in-force"${inForceOnly ? html` checked` : ''}>只看停用中</label>
<button type="submit" class="secondary">筛选</button>
</form>
</section>
${dataTable(['机构', '停用原因', '停用人', '停用时间', '状态', '操作'], rows)}`,
    };
  },

  actions: {
    async ''(ask, form) {
      const agency = field(form, 'newAgency');
      const reason = field(form, 'newReason');
      if (!reason) return invalidInput(SUSPEND_FAILED, '停用原因：请填写原因', form);
      const result = await ask<{ suspendAgency: Suspension }>(SUSPEND, { agency, reason });
      if (!result.ok) return { kind: 'failed', what: SUSPEND_FAILED, errors: result.errors, form };
      return { kind: 'redirect', location: '/console/suspensions', flash: { kind: 'success', text: `已停用 ${result.data.suspendAgency.agency}` } };
    },

    async restore(ask, form) {
      const result = await ask<{ restoreAgency: Suspension }>(RESTORE, { agency: field(form, 'agency') });
      if (!result.ok) return { kind: 'failed', what: '恢复机构失败', errors: result.errors, form: new URLSearchParams() };
      return { kind: 'redirect', location: '/console/suspensions', flash: { kind: 'success', text: `已恢复 ${result.data.restoreAgency.agency} 的访问` } };
    },
  },
};
