import { formatChinaTime } from '../china-time.ts';
import { html, type Html } from '../html.ts';
import { deadLetterCodeLabels, labelOf, topicLabels } from '../labels.ts';
import { dataTable, options } from '../layout.ts';
import { field, invalidInput, type ConsolePage } from '../page.ts';

// 死信队列: messages the connectors could not accept, with the reason, and replay to their topics once the
// cause is fixed (a code mapped, a sender corrected). An original event may hold personal data: the gateway
// returns it masked, and only when the steward asks to see it, and audits every read.

interface DeadLetter {
  id: string;
  topic: string;
  partition: number;
  offset: string;
  errorCode: string;
  reason: string;
  eventSource: string | null;
  eventId: string | null;
  deadLetteredAt: string;
  replayOf: string | null;
  replayedAt: string | null;
  replayedBy: string | null;
  replayCount: number;
  event?: string | null;
}

interface DeadLetterPage {
  deadLetters: { totalCount: number; edges: Array<{ node: DeadLetter }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

const LIST = `query ConsoleDeadLetters($topic: String, $errorCode: String, $includeReplayed: Boolean, $first: Int, $after: String, $withEvents: Boolean!) {
  deadLetters(topic: $topic, errorCode: $errorCode, includeReplayed: $includeReplayed, first: $first, after: $after) {
    totalCount
    edges { node { id topic partition offset errorCode reason eventSource eventId deadLetteredAt replayOf replayedAt replayedBy replayCount event @include(if: $withEvents) } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const REPLAY = 'mutation ConsoleReplayDeadLetters($ids: [ID!]!) { replayDeadLetters(ids: $ids) { requested republished skipped notFound } }';
/** The GraphQL documents this page sends: persisted-operations mode allows exactly the console's (console/operations.ts). */
export const operations = [LIST, REPLAY];

const PAGE_SIZE = 20;
const FILTERS = ['topic', 'errorCode', 'includeReplayed', 'events'] as const;

/** The list's URL with these filters (and a cursor): what the pager links to and a replay returns to. */
function listUrl(params: URLSearchParams, after?: string): string {
  const query = new URLSearchParams();
  for (const name of FILTERS) if (field(params, name)) query.set(name, field(params, name));
  if (after) query.set('after', after);
  const text = query.toString();
  return `/console/dead-letters${text ? `?${text}` : ''}`;
}

/** The event indented when it is JSON (most are), as sent otherwise: a dead letter may be anything. */
function readable(event: string): string {
  try {
    return JSON.stringify(JSON.parse(event), null, 2);
  } catch {
    return event;
  }
}

function letterRow(letter: DeadLetter, withEvents: boolean): Html {
  return html`<tr data-dead-letter-id="${letter.id}">
<td><input type="checkbox" name="ids" value="${letter.id}" aria-label="选择死信 #${letter.id}"></td>
<td class="mono">${letter.id}</td>
<td class="mono">${letter.topic}<br><span class="hint">分区 ${letter.partition} · 偏移 ${letter.offset}</span></td>
<td>${labelOf(deadLetterCodeLabels, letter.errorCode)}<br><span class="mono">${letter.errorCode}</span></td>
<td>${letter.reason}</td>
<td class="mono">${letter.eventSource ?? ''}<br>${letter.eventId ?? ''}</td>
<td>${formatChinaTime(letter.deadLetteredAt)}</td>
<td>${
    letter.replayedAt
      ? html`<span class="state ok">已重放 ${letter.replayCount} 次</span><br><span class="hint">${formatChinaTime(letter.replayedAt)} ${letter.replayedBy ?? ''}</span>`
      : html`<span class="state EXPIRED">未重放</span>`
  }${letter.replayOf ? html`<br><span class="hint">重放 #${letter.replayOf} 后再次失败</span>` : ''}</td>
${withEvents ? html`<td>${letter.event === null || letter.event === undefined ? html`<span class="hint">（无内容）</span>` : html`<pre class="event">${readable(letter.event)}</pre>`}</td>` : ''}
<td><button type="submit" name="one" value="${letter.id}" class="secondary" data-confirm="确定将死信 #${letter.id} 重放到 ${letter.topic}？">重放</button></td>
</tr>`;
}

export const deadLettersPage: ConsolePage = {
  key: 'dead-letters',
  title: '死信队列',

  async render(ask, params) {
    const withEvents = params.get('events') === '1';
    const includeReplayed = params.get('includeReplayed') === '1';
    const after = field(params, 'after');
    const result = await ask<DeadLetterPage>(LIST, {
      topic: field(params, 'topic') || null,
      errorCode: field(params, 'errorCode') || null,
      includeReplayed,
      first: PAGE_SIZE,
      after: after || null,
      withEvents,
    });
    if (!result.ok) return result;
    const { totalCount, edges, pageInfo } = result.data.deadLetters;
    const headers = ['', '编号', '主题', '错误', '原因', '事件来源 / 编号', '进入死信时间', '重放', ...(withEvents ? ['原始事件'] : []), '操作'];
    return {
      ok: true,
      body: html`<section class="card">
<form method="get" action="/console/dead-letters" class="grid">
<label>主题<select name="topic">${options(Object.fromEntries(Object.entries(topicLabels).map(([topic, label]) => [topic, `${topic}（${label}）`])), field(params, 'topic') || undefined, '全部主题')}</select></label>
<label>错误代码<select name="errorCode">${options(Object.fromEntries(Object.entries(deadLetterCodeLabels).map(([code, label]) => [code, `${code} ${label}`])), field(params, 'errorCode') || undefined, '全部错误')}</select></label>
<label class="inline"><input type="checkbox" name="includeReplayed" value="1"${includeReplayed ? html` checked` : ''}>包括已重放的</label>
<label class="inline"><input type="checkbox" name="events" value="1"${withEvents ? html` checked` : ''}>显示原始事件（个人信息已脱敏，每次查看均记入审计日志）</label>
<div><button type="submit" class="secondary">筛选</button></div>
</form>
</section>
<p class="hint">共 ${totalCount} 条${after ? '（当前为后续页）' : ''}，按时间从新到旧排列。修正原因（如映射代码、发送方更正）后再重放。</p>
<form method="post" action="/console/dead-letters/replay">
${FILTERS.filter((name) => field(params, name)).map((name) => html`<input type="hidden" name="${name}" value="${field(params, name)}">`)}
<div class="actions"><label class="inline"><input type="checkbox" data-select-all="ids">全选本页</label><button type="submit" data-confirm="确定重放所选死信？">重放所选</button></div>
${dataTable(headers, edges.map((edge) => letterRow(edge.node, withEvents)))}
</form>
<div class="pager">
${after ? html`<a href="${listUrl(params)}">返回第一页</a>` : ''}
${pageInfo.hasNextPage && pageInfo.endCursor ? html`<a href="${listUrl(params, pageInfo.endCursor)}">下一页</a>` : ''}
</div>`,
    };
  },

  actions: {
    async replay(ask, form) {
      const one = field(form, 'one');
      const ids = one ? [one] : form.getAll('ids').map((id) => id.trim()).filter(Boolean);
      if (ids.length === 0) return invalidInput('重放失败', '请先选择要重放的死信', form);
      const result = await ask<{ replayDeadLetters: { requested: number; republished: number; skipped: string[]; notFound: string[] } }>(REPLAY, { ids });
      if (!result.ok) return { kind: 'failed', what: '重放失败', errors: result.errors, form };
      const { requested, republished, skipped, notFound } = result.data.replayDeadLetters;
      const numbered = (list: string[]) => list.map((id) => `#${id}`).join('、');
      const busy = skipped.length > 0 ? `；正由其他请求重放，已跳过：${numbered(skipped)}` : '';
      const missing = notFound.length > 0 ? `；未找到或不在管辖范围：${numbered(notFound)}` : '';
      const incomplete = skipped.length > 0 || notFound.length > 0;
      return { kind: 'redirect', location: listUrl(form), flash: { kind: incomplete ? 'error' : 'success', text: `已重放 ${republished} 条（共请求 ${requested} 条）${busy}${missing}` } };
    },
  },
};
