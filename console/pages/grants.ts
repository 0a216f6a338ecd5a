import { formatChinaTime, parseChinaDateTimeLocal } from '../china-time.ts';
import { html } from '../html.ts';
import { grantStateLabels, labelOf, scopeLabels } from '../labels.ts';
import { dataTable, options } from '../layout.ts';
import { field, invalidInput, splitList, type ConsolePage } from '../page.ts';

// 授权管理: grants widen an agency's scope to more regions, on a basis, until they expire or are revoked.

interface Grant {
  id: string;
  agency: string;
  scope: string;
  regions: string[];
  basis: string;
  expiresAt: string;
  grantedBy: string;
  grantedByAgency: string;
  grantedAt: string;
  revokedAt: string | null;
  revokedBy: string | null;
  state: 'ACTIVE' | 'EXPIRED' | 'REVOKED';
}

const GRANT_FIELDS = 'id agency scope regions basis expiresAt grantedBy grantedByAgency grantedAt revokedAt revokedBy state';

const LIST = `query ConsoleGrants($agency: String, $includeInactive: Boolean) {
  grants(agency: $agency, includeInactive: $includeInactive) { ${GRANT_FIELDS} }
}`;

const GRANT = `mutation ConsoleGrantAccess($input: GrantAccessInput!) { grantAccess(input: $input) { ${GRANT_FIELDS} } }`;

const REVOKE = `mutation ConsoleRevokeAccess($id: ID!) { revokeAccess(id: $id) { id agency scope state } }`;
/** The GraphQL documents this page sends: persisted-operations mode allows exactly the console's (console/operations.ts). */
export const operations = [LIST, GRANT, REVOKE];

const ADD_FAILED = '添加授权失败';

export const grantsPage: ConsolePage = {
  key: 'grants',
  title: '授权管理',

  async render(ask, params) {
    const agency = field(params, 'agency');
    const activeOnly = params.get('show') === 'active';
    const result = await ask<{ grants: Grant[] }>(LIST, { agency: agency || null, includeInactive: !activeOnly });
    if (!result.ok) return result;
    const rows = result.data.grants.map(
      (grant) => html`<tr data-grant-id="${grant.id}">
<td class="mono">${grant.id}</td>
<td>${grant.agency}</td>
<td>${labelOf(scopeLabels, grant.scope)}</td>
<td class="mono">${grant.regions.join('、')}</td>
<td>${grant.basis}</td>
<td>${formatChinaTime(grant.expiresAt)}</td>
<td>${grant.grantedBy}<br><span class="hint">${grant.grantedByAgency}</span><br><span class="hint">${formatChinaTime(grant.grantedAt)}</span></td>
<td><span class="state ${grant.state}">${labelOf(grantStateLabels, grant.state)}</span>${
        grant.revokedAt ? html`<br><span class="hint">${formatChinaTime(grant.revokedAt)} 由 ${grant.revokedBy ?? ''} 撤销</span>` : ''
      }</td>
<td>${
        grant.state === 'ACTIVE'
          ? html`<form method="post" action="/console/grants/revoke" class="row"><input type="hidden" name="id" value="${grant.id}"><button type="submit" class="danger" data-confirm="确定撤销授权 #${grant.id}（${grant.agency} ${labelOf(scopeLabels, grant.scope)}）？撤销立即生效。">撤销</button></form>`
          : ''
      }</td>
</tr>`,
    );
    return {
      ok: true,
      body: html`<section class="card">
<h3>添加授权</h3>
<p class="hint">授权为机构在其令牌已有的权限上增加可访问的地区，须写明依据和到期时间。时间均为北京时间。</p>
<form method="post" action="/console/grants" class="grid">
<label>被授权机构<input name="newAgency" required placeholder="如 police:310104" value="${field(params, 'newAgency')}"></label>
<label>权限<select name="newScope" required>${options(scopeLabels, field(params, 'newScope') || undefined, '请选择')}</select></label>
<label>授权地区（多个用逗号或空格分隔）<input name="newRegions" required placeholder="如 510181, 510104" value="${field(params, 'newRegions')}"></label>
<label>到期时间（北京时间）<input type="datetime-local" name="newExpiresAt" required value="${field(params, 'newExpiresAt')}"></label>
<label class="wide">授权依据<textarea name="newBasis" required placeholder="如 长三角—成渝线索共享协议 2026-07 号">${field(params, 'newBasis')}</textarea></label>
<div><button type="submit">添加授权</button></div>
</form>
</section>
<section class="card">
<form method="get" action="/console/grants" class="row">
<label class="inline">机构<input name="agency" placeholder="全部机构" value="${agency}"></label>
<label class="inline"><input type="checkbox" name="show" value="active"${activeOnly ? html` checked` : ''}>只看有效授权</label>
<button type="submit" class="secondary">筛选</button>
</form>
</section>
${dataTable(['编号', '机构', '权限', '授权地区', '依据', '到期时间', '授权人', '状态', '操作'], rows)}`,
    };
  },

  actions: {
    async ''(ask, form) {
      const expiresAt = parseChinaDateTimeLocal(field(form, 'newExpiresAt'));
      if (expiresAt === undefined) return invalidInput(ADD_FAILED, '到期时间：请填写有效的日期和时间（北京时间）', form);
      const regions = splitList(field(form, 'newRegions'));
      if (regions.length === 0) return invalidInput(ADD_FAILED, '授权地区：至少填写一个地区代码', form);
      if (!field(form, 'newScope')) return invalidInput(ADD_FAILED, '权限：请选择一项权限', form);
      const input = { agency: field(form, 'newAgency'), scope: field(form, 'newScope'), regions, basis: field(form, 'newBasis'), expiresAt };
      const result = await ask<{ grantAccess: Grant }>(GRANT, { input });
      if (!result.ok) return { kind: 'failed', what: ADD_FAILED, errors: result.errors, form };
      const grant = result.data.grantAccess;
      return {
        kind: 'redirect',
        location: '/console/grants',
        flash: { kind: 'success', text: `已添加授权 #${grant.id}：${grant.agency} ${labelOf(scopeLabels, grant.scope)}，地区 ${grant.regions.join('、')}，有效期至 ${formatChinaTime(grant.expiresAt)}` },
      };
    },

    async revoke(ask, form) {
      const result = await ask<{ revokeAccess: Pick<Grant, 'id' | 'agency' | 'scope'> }>(REVOKE, { id: field(form, 'id') });
      if (!result.ok) return { kind: 'failed', what: '撤销授权失败', errors: result.errors, form: new URLSearchParams() };
      const grant = result.data.revokeAccess;
      return { kind: 'redirect', location: '/console/grants', flash: { kind: 'success', text: `已撤销授权 #${grant.id}：${grant.agency} ${labelOf(scopeLabels, grant.scope)}` } };
    },
  },
};
