import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatChinaTime, parseChinaDateTimeLocal } from '../../console/china-time.ts';
import { createConsole, type StewardConsole } from '../../console/create-console.ts';
import { graphqlThroughGateway } from '../../console/graphql-client.ts';
import { html } from '../../console/html.ts';
import { eq } from 'drizzle-orm';
import { accessGrantsTable, codeMappingsTable, deadLettersTable, unmappedCodesTable } from '../../schema/tables.ts';
import { seededGatewayFixture } from '../support/gateway-harness.ts';
import { seedPeople } from '../support/gateway-seed.ts';
import { testLogger } from '../support/test-log.ts';

// The steward console without a browser: its fetch handler over the real gateway (real tokens, real
// PostgreSQL). Who gets past the sign-in page, cookies, cross-site posts, and escaping.

const fixture = seededGatewayFixture();
const ORIGIN = 'http://hub.test';
const PAGES = ['/console/grants', '/console/suspensions', '/console/audit', '/console/dead-letters', '/console/codes'];

let consoleApp: StewardConsole | undefined;
const consoleLog = testLogger('console');
const stewardConsole = () => (consoleApp ??= createConsole({ graphql: graphqlThroughGateway(fixture.hub.gateway), production: false, log: consoleLog }));

/** A browser's worth of state: cookies kept between requests, forms posted from our own origin. */
class Browser {
  readonly cookies = new Map<string, string>();
  readonly app: StewardConsole;
  constructor(app: StewardConsole = stewardConsole()) {
    this.app = app;
  }
  async get(path: string): Promise<Response> {
    return this.keep(await this.app.fetch(new Request(ORIGIN + path, { headers: this.cookieHeader() })));
  }
  async post(path: string, form: Record<string, string | string[]>, headers: Record<string, string> = { origin: ORIGIN, 'sec-fetch-site': 'same-origin' }): Promise<Response> {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(form)) for (const v of [value].flat()) body.append(name, v);
    return this.keep(await this.app.fetch(new Request(ORIGIN + path, { method: 'POST', body, headers: { ...this.cookieHeader(), ...headers, 'content-type': 'application/x-www-form-urlencoded' } })));
  }
  private cookieHeader(): Record<string, string> {
    return this.cookies.size ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {};
  }
  private keep(response: Response): Response {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      const [name, value] = [pair.slice(0, at), pair.slice(at + 1)];
      if (/Max-Age=0\b/.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }
}

async function signedInSteward(agency = 'health:510000'): Promise<Browser> {
  const browser = new Browser();
  const response = await browser.post('/console/sign-in', { token: await fixture.hub.tokenFor(agency, ['steward']) });
  assert.equal(response.status, 303);
  assert.equal(response.headers.get('location'), '/console/grants');
  return browser;
}

const inAWeek = () => new Date(Date.now() + 7 * 86_400_000).toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 16).replace(' ', 'T');

describe('sign-in', () => {
  test('the sign-in page is served with a strict CSP and no script of its own inline', async () => {
    const response = await new Browser().get('/console/');
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-security-policy') ?? '', /default-src 'self'/);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const page = await response.text();
    assert.match(page, /访问令牌/);
    assert.doesNotMatch(page, /<script>/, 'no inline script');
    assert.match(page, /<script src="\/console\/app\.js" defer><\/script>/);
    const script = await new Browser().get('/console/app.js');
    assert.equal(script.status, 200);
    assert.match(script.headers.get('content-type') ?? '', /javascript/);
    assert.match(await script.text(), /处理中…/);
  });

  test('a token without the steward scope stays on the sign-in page with the reason, and gets no session', async () => {
    const browser = new Browser();
    const response = await browser.post('/console/sign-in', { token: await fixture.hub.tokenFor('police:510181', ['clue:read', 'identity:read']) });
    assert.equal(response.status, 403);
    assert.match(await response.text(), /此令牌没有数据管理员权限/);
    assert.equal(browser.cookies.size, 0);
    for (const path of PAGES) assert.equal((await browser.get(path)).headers.get('location'), '/console/', path);
  });

  test('an invalid or expired token is refused as such; a pasted non-token as malformed', async () => {
    const [header, payload] = (await fixture.hub.tokenFor('health:510000', ['steward'])).split('.');
    const forged = await new Browser().post('/console/sign-in', { token: `${header}.${payload}.c2lnbmF0dXJl` });
    assert.equal(forged.status, 401);
    assert.match(await forged.text(), /令牌无效或已过期/);
    const malformed = await new Browser().post('/console/sign-in', { token: 'not a token\r\nx-injected: 1' });
    assert.equal(malformed.status, 400);
    assert.match(await malformed.text(), /令牌格式不正确/);
  });

  test('a steward signs in: an HttpOnly, SameSite=Strict cookie for /console that ends with the token, Secure in production', async () => {
    const token = await fixture.hub.tokenFor('health:510000', ['steward']);
    const response = await new Browser().post('/console/sign-in', { token: `Bearer ${token}\n` });
    assert.equal(response.status, 303);
    const [cookie = ''] = response.headers.getSetCookie();
    assert.match(cookie, /^hub_console_session=[\w-]+\.[\w-]+\.[\w-]+; /);
    assert.match(cookie, /; Path=\/console; HttpOnly; SameSite=Strict; Max-Age=\d+/);
    assert.doesNotMatch(cookie, /Secure/);
    const maxAge = Number(/Max-Age=(\d+)/.exec(cookie)?.[1]);
    assert.ok(maxAge > 8 * 3600 - 60 && maxAge <= 8 * 3600, `Max-Age ${maxAge} is the token's remaining 8 h`);

    const production = createConsole({ graphql: graphqlThroughGateway(fixture.hub.gateway), production: true, log: consoleLog });
    const secure = await new Browser(production).post('/console/sign-in', { token });
    assert.match(secure.headers.getSetCookie()[0] ?? '', /; Secure$/);
  });

  test('sign-out clears the session', async () => {
    const browser = await signedInSteward();
    assert.equal((await browser.get('/console/grants')).status, 200);
    const out = await browser.post('/console/sign-out', {});
    assert.equal(out.headers.get('location'), '/console/');
    assert.equal((await browser.get('/console/grants')).headers.get('location'), '/console/');
    assert.match(await (await browser.get('/console/')).text(), /已退出登录/);
  });
});

describe('pages need a steward session', () => {
  test('without a cookie every page redirects to sign-in and shows nothing else', async () => {
    for (const path of PAGES) {
      const response = await new Browser().get(path);
      assert.equal(response.status, 303, path);
      assert.equal(response.headers.get('location'), '/console/', path);
      assert.equal(await response.text(), '', path);
    }
  });

  test('a cookie holding a non-steward token is dropped, and the page shows nothing', async () => {
    const browser = new Browser();
    browser.cookies.set('hub_console_session', await fixture.hub.tokenFor('police:510181', ['clue:read', 'steward:fake' as 'steward']));
    for (const path of PAGES) {
      const response = await browser.get(path);
      assert.equal(response.status, 303, path);
      assert.equal(response.headers.get('location'), '/console/');
      assert.equal(await response.text(), '');
      browser.cookies.set('hub_console_session', await fixture.hub.tokenFor('police:510181', ['clue:read']));
    }
    // A non-steward's form post changes nothing and shows nothing either.
    const posted = await browser.post('/console/grants', { newAgency: 'police:510181', newScope: 'CLUE_READ', newRegions: '510104', newBasis: 'x', newExpiresAt: inAWeek() });
    assert.equal(posted.status, 303);
    assert.equal(posted.headers.get('location'), '/console/');
  });

  test('a steward sees every page', async () => {
    const browser = await signedInSteward();
    for (const [path, title] of [
      ['/console/grants', '授权管理'],
      ['/console/suspensions', '机构停用'],
      ['/console/audit', '审计日志'],
      ['/console/dead-letters', '死信队列'],
      ['/console/codes', '未映射代码'],
    ] as const) {
      const response = await browser.get(path);
      assert.equal(response.status, 200, path);
      const page = await response.text();
      assert.match(page, new RegExp(`<h2>${title}</h2>`));
      assert.match(page, /health:510000/);
    }
  });
});

describe('cross-site posts', () => {
  test('a form posted from another site, or from no page at all, is refused with 403 and changes nothing', async () => {
    const browser = await signedInSteward();
    const form = { newAgency: 'police:510181', newScope: 'CLUE_READ', newRegions: '510104', newBasis: '跨站伪造', newExpiresAt: inAWeek() };
    const refused: Array<Record<string, string>> = [{ origin: 'https://evil.example' }, { 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site', origin: 'http://sub.hub.test' }, { origin: 'null' }, {}];
    for (const headers of refused) {
      const response = await browser.post('/console/grants', form, headers);
      assert.equal(response.status, 403, JSON.stringify(headers));
    }
    const signIn = await new Browser().post('/console/sign-in', { token: await fixture.hub.tokenFor('health:510000', ['steward']) }, { origin: 'https://evil.example' });
    assert.equal(signIn.status, 403, 'login CSRF too');
    assert.equal(signIn.headers.getSetCookie().length, 0);
    const steward = await fixture.hub.tokenFor('health:510000', ['steward']);
    const { body } = await fixture.hub.query('{ grants(includeInactive: true) { basis } }', { token: steward });
    assert.deepEqual(body.errors, undefined);
    assert.ok(!(body.data as { grants: Array<{ basis: string }> }).grants.some((g) => g.basis === '跨站伪造'));
  });
});

describe('grants through the console', () => {
  test('add (post/redirect/get with a notice), listed as 有效, then revoked as 已撤销', async () => {
    const browser = await signedInSteward();
    const added = await browser.post('/console/grants', { newAgency: 'police:510104', newScope: 'CLUE_READ', newRegions: '510181，510107', newBasis: '成都市线索共享协议 2026-11 号', newExpiresAt: '2030-01-02T08:30' });
    assert.equal(added.status, 303);
    assert.equal(added.headers.get('location'), '/console/grants');
    const page = await (await browser.get('/console/grants')).text();
    assert.match(page, /已添加授权 #\d+：police:510104 线索查阅，地区 510181、510107，有效期至 2030-01-02 08:30:00/);
    const id = /data-grant-id="(\d+)"/.exec(page)?.[1];
    assert.ok(id);
    const row = new RegExp(`<tr data-grant-id="${id}">[\\s\\S]*?</tr>`).exec(page)?.[0] ?? '';
    assert.match(row, /成都市线索共享协议 2026-11 号/);
    assert.match(row, /2030-01-02 08:30:00/, 'expiry shown in China time');
    assert.match(row, /有效/);
    assert.doesNotMatch(await (await browser.get('/console/grants')).text(), /已添加授权/, 'the notice is shown once');

    const revoked = await browser.post('/console/grants/revoke', { id });
    assert.equal(revoked.status, 303);
    const after = await (await browser.get('/console/grants')).text();
    assert.match(after, new RegExp(`已撤销授权 #${id}`));
    assert.match(new RegExp(`<tr data-grant-id="${id}">[\\s\\S]*?</tr>`).exec(after)?.[0] ?? '', /已撤销/);
  });

  test('a grant past its expiry is listed as 已过期, without a revoke button, and left out of 只看有效授权', async () => {
    const [expired] = await fixture.database.db
      .insert(accessGrantsTable)
      .values({ agency: 'market:510104', scope: 'clue:read', regions: ['510181'], basis: '已到期的协议', expiresAt: new Date('2026-01-01T00:00:00Z'), grantedBy: 'dev-health-officer', grantedByAgency: 'health:510000', grantedAt: new Date('2025-12-01T00:00:00Z') })
      .returning();
    const browser = await signedInSteward();
    const page = await (await browser.get('/console/grants')).text();
    const row = new RegExp(`<tr data-grant-id="${expired!.id}">[\\s\\S]*?</tr>`).exec(page)?.[0] ?? '';
    assert.match(row, /已过期/);
    assert.match(row, /2026-01-01 08:00:00/);
    assert.doesNotMatch(row, /撤销<\/button>/);
    assert.doesNotMatch(await (await browser.get('/console/grants?show=active')).text(), new RegExp(`data-grant-id="${expired!.id}"`));
  });

  test('a refused change shows the error code in a banner and keeps what was typed', async () => {
    const browser = await signedInSteward();
    const outside = await browser.post('/console/grants', { newAgency: 'police:310104', newScope: 'CLUE_READ', newRegions: '310105', newBasis: '越权', newExpiresAt: inAWeek() });
    assert.equal(outside.status, 403);
    const page = await outside.text();
    assert.match(page, /添加授权失败/);
    assert.match(page, /FORBIDDEN/);
    assert.match(page, /value="310105"/);
    const badTime = await browser.post('/console/grants', { newAgency: 'police:510104', newScope: 'CLUE_READ', newRegions: '510181', newBasis: 'x', newExpiresAt: '2026-02-30T10:00' });
    assert.equal(badTime.status, 400);
    assert.match(await badTime.text(), /BAD_USER_INPUT[\s\S]*到期时间/);
  });
});

describe('unmapped codes through the console', () => {
  const CODE = 'WJ-CONSOLE-UNIT';
  const rowOf = (page: string) => new RegExp(`<tr data-code="HEALTH:${CODE}">[\\s\\S]*?</tr>`).exec(page)?.[0] ?? '';
  const mapForm = { department: 'HEALTH', code: CODE, category: 'MEDICAL_WASTE', label: '医疗废物未分类收集' };

  test('a provincial steward sees the codes and a note that mapping needs a national steward, no form; a post anyway is refused', async () => {
    await fixture.database.db.insert(unmappedCodesTable).values({ department: 'health', code: CODE, occurrences: 2 });
    const browser = await signedInSteward('health:510000');
    const page = await (await browser.get('/console/codes')).text();
    assert.match(rowOf(page), new RegExp(`${CODE}[\\s\\S]*未映射`));
    assert.match(page, /<p class="hint" data-map-note><strong>代码映射需国家级数据管理员<\/strong>/);
    assert.doesNotMatch(page, /<form method="post" action="\/console\/codes"/);
    assert.doesNotMatch(page, /映射到共享分类/);

    const refused = await browser.post('/console/codes', mapForm);
    assert.equal(refused.status, 403);
    const shown = await refused.text();
    assert.match(shown, /映射代码失败[\s\S]*\[FORBIDDEN\][\s\S]*national steward/);
    assert.deepEqual(await fixture.database.db.select().from(codeMappingsTable).where(eq(codeMappingsTable.code, CODE)), []);
  });

  test('a national steward gets the form, maps the code (post/redirect/get with a notice) and finds it among the mapped', async () => {
    const browser = await signedInSteward('health:000000');
    const page = await (await browser.get('/console/codes')).text();
    assert.doesNotMatch(page, /data-map-note/);
    assert.match(rowOf(page), /<form method="post" action="\/console\/codes"[\s\S]*<button type="submit">映射<\/button>/);

    const mapped = await browser.post('/console/codes', mapForm);
    assert.equal(mapped.status, 303);
    assert.equal(mapped.headers.get('location'), '/console/codes');
    const after = await (await browser.get('/console/codes')).text();
    assert.match(after, new RegExp(`已将卫生健康代码 ${CODE} 映射为“医疗废物”（第 1 版），重新归类 0 条记录`));
    assert.equal(rowOf(after), '', 'a mapped code leaves the list');
    assert.match(rowOf(await (await browser.get('/console/codes?includeMapped=1')).text()), /医疗废物[\s\S]*医疗废物未分类收集[\s\S]*第 1 版[\s\S]*重新映射/);
  });
});

describe('escaping', () => {
  const hostile = `<script>alert("x")</script><img src=x onerror=alert(1)>'"&`;

  test('the html template escapes every interpolated value', () => {
    assert.equal(html`<td title="${hostile}">${hostile}</td>`.text, `<td title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&#39;&quot;&amp;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&#39;&quot;&amp;</td>`);
    assert.equal(html`<p>${[hostile, html`<b>${'<i>'}</b>`]}</p>`.text, `<p>${html`${hostile}`.text}<b>&lt;i&gt;</b></p>`);
  });

  test('hostile values from the gateway reach the page as text', async () => {
    const browser = await signedInSteward();
    assert.equal((await browser.post('/console/grants', { newAgency: 'police:510104', newScope: 'CLUE_READ', newRegions: '510181', newBasis: hostile, newExpiresAt: inAWeek() })).status, 303);
    assert.equal((await browser.post('/console/suspensions', { newAgency: 'tax:510104', newReason: hostile })).status, 303);
    for (const path of ['/console/grants', '/console/suspensions']) {
      const page = await (await browser.get(path)).text();
      assert.ok(page.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&#39;&quot;&amp;'), path);
      assert.ok(!page.includes('<script>alert') && !page.includes('<img src=x'), path);
    }
    // What departments send (dead letters, codes) is as hostile as anything typed.
    const [letter] = await fixture.database.db
      .insert(deadLettersTable)
      .values({ topic: 'health.events', partition: 0, offset: 4242, messageKey: null, value: Buffer.from(hostile), headers: {}, errorCode: 'NOT_JSON', reason: hostile, eventSource: '/health/510181/x', eventId: hostile })
      .returning();
    await fixture.database.db.insert(unmappedCodesTable).values({ department: 'health', code: hostile, occurrences: 3 });
    for (const path of ['/console/dead-letters?events=1', '/console/codes']) {
      const page = await (await browser.get(path)).text();
      assert.ok(page.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'), path);
      assert.ok(!page.includes('<script>alert') && !page.includes('<img src=x'), path);
    }
    assert.match(await (await browser.get('/console/dead-letters')).text(), new RegExp(`data-dead-letter-id="${letter!.id}"`));
    // A value typed into a refused form comes back escaped too.
    const refused = await (await browser.post('/console/grants', { newAgency: hostile, newScope: 'CLUE_READ', newRegions: '510181', newBasis: 'x', newExpiresAt: inAWeek() })).text();
    assert.ok(!refused.includes('<script>alert') && refused.includes('value="&lt;script&gt;'));
  });
});

describe('audit log', () => {
  test('searched by a full ID number in a posted form (never in a URL); the entries show it masked', async () => {
    const person = seedPeople[0]!;
    const reader = await fixture.hub.tokenFor('police:510181', ['result:read', 'identity:read']);
    const read = await fixture.hub.query('query ReadPerson($id: String!) { person(idNumber: $id, purpose: { basis: CASE_INVESTIGATION, reference: "案-2026-01" }) { identity { idNumber masked } } }', { token: reader, variables: { id: person.idNumber } });
    assert.deepEqual(read.body.errors, undefined);

    const browser = await signedInSteward();
    const response = await browser.post('/console/audit', { idNumber: person.idNumber, action: 'UNMASKED_READ', from: '', to: '' });
    assert.equal(response.status, 200);
    const page = await response.text();
    const rows = [...page.matchAll(/<tr data-seq="\d+">[\s\S]*?<\/tr>/g)].map((m) => m[0]);
    assert.ok(rows.length > 0);
    for (const row of rows) {
      assert.ok(!row.includes(person.idNumber), 'the table never shows the full number');
      assert.ok(row.includes(`${person.idNumber.slice(0, 6)}********${person.idNumber.slice(-4)}`));
      assert.match(row, /查阅未脱敏个人信息[\s\S]*police:510181[\s\S]*ReadPerson[\s\S]*案件查办[\s\S]*案-2026-01/);
    }
    assert.match(page, /<form method="post" action="\/console\/audit" class="grid">/, 'the filter form posts');
  });

  test('a refused filter is shown as an error banner inside the page, not as a sign-out', async () => {
    const browser = await signedInSteward();
    const badNumber = await browser.post('/console/audit', { idNumber: '12345' });
    assert.equal(badNumber.status, 400);
    assert.match(await badNumber.text(), /数据加载失败[\s\S]*输入有误[\s\S]*BAD_USER_INPUT/);
    const badTime = await browser.post('/console/audit', { from: '2026-13-01T00:00' });
    assert.equal(badTime.status, 400);
    assert.match(await badTime.text(), /开始时间：请填写有效的日期和时间/);
  });
});

describe('China time', () => {
  test('instants are shown and read in Asia/Shanghai whatever the server zone', () => {
    assert.equal(formatChinaTime('2026-11-25T07:30:00Z'), '2026-11-25 15:30:00');
    assert.equal(formatChinaTime('2026-12-31T16:00:00.000001Z'), '2027-01-01 00:00:00');
    assert.equal(parseChinaDateTimeLocal('2026-11-25T15:30'), '2026-11-25T15:30:00+08:00');
    assert.equal(parseChinaDateTimeLocal('2026-02-29T10:00'), undefined);
  });
});
