import { formatChinaTime } from '../china-time.ts';
import { html, type Html } from '../html.ts';
import { categoryLabels, departmentLabels, labelOf } from '../labels.ts';
import { dataTable, options } from '../layout.ts';
import { field, invalidInput, type ConsolePage } from '../page.ts';
import { claimedRegion } from '../session.ts';

// 未映射代码 (监管标准互通): department codes ingest could not map are stored as OTHER and counted here;
// mapping one onto a shared category re-classifies the stored records of every region, so only a national
// steward (全国, 000000) may; every steward sees the list.

/** 全国: the one jurisdiction the gateway lets map codes. */
const NATIONAL_REGION = '000000';

interface CodeMapping {
  version: number;
  category: string;
  label: string;
  mappedBy: string;
  mappedAt: string;
  reclassified: number;
}

interface UnmappedCode {
  department: string;
  code: string;
  occurrences: number;
  firstSeenAt: string;
  lastSeenAt: string;
  mapping: CodeMapping | null;
}

const MAPPING_FIELDS = 'department code version category label mappedBy mappedAt reclassified';

const LIST = `query ConsoleUnmappedCodes($includeMapped: Boolean) {
  unmappedCodes(includeMapped: $includeMapped) { department code occurrences firstSeenAt lastSeenAt mapping { ${MAPPING_FIELDS} } }
}`;

const MAP = `mutation ConsoleMapCode($input: MapCodeInput!) { mapCode(input: $input) { ${MAPPING_FIELDS} } }`;
/** The GraphQL documents this page sends: persisted-operations mode allows exactly the console's (console/operations.ts). */
export const operations = [LIST, MAP];

/** Categories a code can be mapped onto: OTHER is where unmapped codes already are. */
const mappableCategories = Object.fromEntries(Object.entries(categoryLabels).filter(([category]) => category !== 'OTHER'));

const MAP_FAILED = '映射代码失败';

function codeRow(unmapped: UnmappedCode, params: URLSearchParams, mayMap: boolean): Html {
  // After a failed mapping the form of that code shows what was typed.
  const retried = field(params, 'department') === unmapped.department && field(params, 'code') === unmapped.code;
  const mapping = unmapped.mapping;
  return html`<tr data-code="${unmapped.department}:${unmapped.code}">
<td>${labelOf(departmentLabels, unmapped.department)}</td>
<td class="mono">${unmapped.code}</td>
<td class="num">${unmapped.occurrences}</td>
<td>${formatChinaTime(unmapped.firstSeenAt)}</td>
<td>${formatChinaTime(unmapped.lastSeenAt)}</td>
<td>${
    mapping
      ? html`<span class="state ok">${labelOf(categoryLabels, mapping.category)}</span> ${mapping.label}<br><span class="hint">第 ${mapping.version} 版 · ${mapping.mappedBy} · ${formatChinaTime(mapping.mappedAt)} · 重新归类 ${mapping.reclassified} 条</span>`
      : html`<span class="state EXPIRED">未映射（归入“其他”）</span>`
  }</td>
${
    mayMap
      ? html`<td><form method="post" action="/console/codes" class="row">
<input type="hidden" name="department" value="${unmapped.department}">
<input type="hidden" name="code" value="${unmapped.code}">
<select name="category" required aria-label="共享分类">${options(mappableCategories, retried ? field(params, 'category') : mapping?.category, '选择共享分类')}</select>
<input name="label" required placeholder="部门对该代码的表述" aria-label="代码含义" value="${retried ? field(params, 'label') : (mapping?.label ?? '')}">
<button type="submit">${mapping ? '重新映射' : '映射'}</button>
</form></td>`
      : ''
  }
</tr>`;
}

const COLUMNS = ['部门', '代码', '出现次数', '首次出现', '最近出现', '当前映射'];

export const codesPage: ConsolePage = {
  key: 'codes',
  title: '未映射代码',

  async render(ask, params, signedIn) {
    const includeMapped = params.get('includeMapped') === '1';
    // Only what is offered: a steward of any other region would be refused FORBIDDEN by the gateway.
    const mayMap = claimedRegion(signedIn) === NATIONAL_REGION;
    const result = await ask<{ unmappedCodes: UnmappedCode[] }>(LIST, { includeMapped });
    if (!result.ok) return result;
    return {
      ok: true,
      body: html`<section class="card">
<p class="hint">下列部门代码在入库时没有对应的共享分类，相关记录暂归入“其他”。映射后，已入库的记录会按新分类重新归类，之后的事件也按新映射处理。</p>
${mayMap ? '' : html`<p class="hint" data-map-note><strong>代码映射需国家级数据管理员</strong>（全国，地区代码 000000）：映射会改变全国统一的代码表，并重新归类各地区的记录。您可以查看未映射代码，但不能映射。</p>`}
<form method="get" action="/console/codes" class="row">
<label class="inline"><input type="checkbox" name="includeMapped" value="1"${includeMapped ? html` checked` : ''}>包括已映射的代码</label>
<button type="submit" class="secondary">筛选</button>
</form>
</section>
${dataTable(mayMap ? [...COLUMNS, '映射到共享分类'] : COLUMNS, result.data.unmappedCodes.map((unmapped) => codeRow(unmapped, params, mayMap)))}`,
    };
  },

  actions: {
    async ''(ask, form) {
      const input = { department: field(form, 'department'), code: field(form, 'code'), category: field(form, 'category'), label: field(form, 'label') };
      if (!input.category) return invalidInput(MAP_FAILED, '共享分类：请选择一个分类', form);
      const result = await ask<{ mapCode: CodeMapping & { department: string; code: string } }>(MAP, { input });
      if (!result.ok) return { kind: 'failed', what: MAP_FAILED, errors: result.errors, form };
      const mapping = result.data.mapCode;
      return {
        kind: 'redirect',
        location: '/console/codes',
        flash: { kind: 'success', text: `已将${labelOf(departmentLabels, mapping.department)}代码 ${mapping.code} 映射为“${labelOf(categoryLabels, mapping.category)}”（第 ${mapping.version} 版），重新归类 ${mapping.reclassified} 条记录` },
      };
    },
  },
};
