import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createConsole } from '../../console/create-console.ts';
import { graphqlThroughGateway } from '../../console/graphql-client.ts';
import { serveBesideGateway } from '../../console/serve-beside-gateway.ts';
import { createRepublisher, type Republisher } from '../../connectors/runtime/kafka.ts';
import { deadLettersTable, unmappedCodesTable } from '../../schema/tables.ts';
import { startGatewayHarness, type GatewayHarness } from '../support/gateway-harness.ts';
import { seedGatewayData } from '../support/gateway-seed.ts';
import { quietLog, startIngestHarness, type IngestHarness } from '../support/ingest-harness.ts';
import { kcatPublish } from '../support/kcat.ts';
import { readSampleFeeds } from '../support/samples.ts';
import { testLogger } from '../support/test-log.ts';
import { waitFor } from '../support/wait-for.ts';

// The steward console in a real browser (Debian's Chromium through playwright-core) against a real HTTP
// server: gateway and console on one node:http listener, real PostgreSQL with the seeded data set, the
// connectors consuming from a real broker (for dead letters, their replay, and unmapped codes). A steward
// signs in, grants cross-region access, finds the change in the audit log, revokes it, replays a dead letter
// and sees an unmapped code it may not map; a national steward maps it. Each step checks what the page shows.

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let ingest: IngestHarness;
let hub: GatewayHarness;
let republisher: Republisher;
let server: Server;
let browser: Browser;
let page: Page;
let base: string;

before(async () => {
  // Never skipped: without Chromium this file fails and says why (.ci/run installs it).
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is missing at ${CHROMIUM}: install Debian's chromium package (apt-get install chromium; .ci/run does) to run the console's browser test`);
  ingest = await startIngestHarness();
  await seedGatewayData(ingest.database.db);
  republisher = createRepublisher({ brokers: [ingest.broker.bootstrap], clientId: 'console-browser-test', log: quietLog });
  hub = await startGatewayHarness(ingest.database.db, { republish: (messages) => republisher.send(messages) });
  const stewardConsole = createConsole({ graphql: graphqlThroughGateway(hub.gateway), production: false, log: testLogger('console') });
  server = createServer(serveBesideGateway(hub.gateway, stewardConsole));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  page = await browser.newPage({ locale: 'zh-CN', timezoneId: 'Europe/London' });
  // Revoking and replaying ask for confirmation first.
  page.on('dialog', (dialog) => void dialog.accept());
});

after(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server?.closeAllConnections();
  hub?.close();
  await republisher?.close();
  await ingest?.close();
});

const text = async (selector: string) => ((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
const banner = () => text('.banner');
const row = (attribute: string, value: string) => page.locator(`tr[${attribute}="${value}"]`);
const rowText = async (attribute: string, value: string) => (await row(attribute, value).innerText()).replace(/\s+/g, ' ').trim();

/** Clue regions a token reads through GraphQL, to see a grant take effect beyond the console. */
async function clueRegions(token: string): Promise<string[]> {
  const { body } = await hub.query('{ clues(first: 100) { edges { node { region } } } }', { token });
  assert.deepEqual(body.errors, undefined);
  return [...new Set((body.data as { clues: { edges: Array<{ node: { region: string } }> } }).clues.edges.map((e) => e.node.region))].sort();
}

const [healthFeed] = readSampleFeeds();
const sampleClue = healthFeed!.events.find((e) => e.type === 'health.clue.reported')!;

describe('the steward console in Chromium', () => {
  let grantId = '';

  test('a non-steward token stays on the sign-in page; a steward signs in and lands on 授权管理', async () => {
    await page.goto(`${base}/console/grants`);
    assert.equal(new URL(page.url()).pathname, '/console/', 'no session: sent to sign-in');

    await page.fill('textarea[name="token"]', await hub.tokenFor('police:510181', ['clue:read', 'identity:read']));
    await page.click('button:has-text("登录")');
    await page.waitForLoadState();
    assert.equal(new URL(page.url()).pathname, '/console/sign-in', await page.content());
    assert.equal(await text('[data-refusal]'), '此令牌没有数据管理员权限');
    assert.equal(await page.locator('nav').count(), 0, 'nothing of the console is shown');

    await page.fill('textarea[name="token"]', await hub.tokenFor('health:510000', ['steward']));
    await page.click('button:has-text("登录")');
    await page.waitForURL(`${base}/console/grants`);
    assert.equal(await text('h2'), '授权管理');
    assert.match(await text('header .who'), /health:510000/);
    assert.equal(await text('table tbody'), '暂无数据');
  });

  test('grants police:510104 the clues of 内江 (511002): the form shows 处理中… while it posts, the table 有效, and the grant applies', async () => {
    const police = await hub.tokenFor('police:510104', ['clue:read']);
    assert.deepEqual(await clueRegions(police), ['510104']);

    await page.fill('input[name="newAgency"]', 'police:510104');
    await page.selectOption('select[name="newScope"]', { label: '线索查阅' });
    await page.fill('input[name="newRegions"]', '511002');
    await page.fill('input[name="newExpiresAt"]', '2030-01-02T08:30');
    await page.fill('textarea[name="newBasis"]', '成渝线索共享协议 2026-11 号');
    // What the pressed button shows once the form is submitted, kept across the navigation (this listener
    // runs after the console's own script, which registered first).
    await page.evaluate(() =>
      document.addEventListener('submit', (event) => {
        const button = (event as SubmitEvent).submitter as HTMLButtonElement;
        sessionStorage.setItem('submitted', JSON.stringify({ text: button.textContent, disabled: button.disabled, busy: (event.target as HTMLFormElement).getAttribute('aria-busy') }));
      }),
    );
    await page.click('button:has-text("添加授权")');
    await page.waitForURL(`${base}/console/grants`);
    assert.deepEqual(JSON.parse((await page.evaluate(() => sessionStorage.getItem('submitted'))) ?? 'null'), { text: '处理中…', disabled: true, busy: 'true' }, 'the form shows its loading state');

    assert.match(await banner(), /^已添加授权 #\d+：police:510104 线索查阅，地区 511002，有效期至 2030-01-02 08:30:00$/);
    grantId = /#(\d+)/.exec(await banner())![1]!;
    const shown = await rowText('data-grant-id', grantId);
    assert.match(shown, /police:510104 线索查阅 511002 成渝线索共享协议 2026-11 号 2030-01-02 08:30:00/);
    assert.match(shown, /有效/);
    assert.deepEqual(await clueRegions(police), ['510104', '511002'], 'the grant is in force');
  });

  test('the grant appears in the audit log, filtered by action, and the hash chain verifies', async () => {
    await page.click('nav a:has-text("审计日志")');
    await page.waitForURL(`${base}/console/audit`);
    await page.selectOption('select[name="action"]', 'STEWARD_CHANGE');
    await page.fill('input[name="agency"]', 'health:510000');
    await page.click('button:has-text("查询")');
    await page.waitForLoadState();
    assert.match(await text('main p.hint'), /^共 1 条/);
    const entry = page.locator('tbody tr').first();
    const shown = (await entry.innerText()).replace(/\s+/g, ' ');
    assert.match(shown, /管理变更/);
    assert.match(shown, /health:510000/);
    assert.match(shown, /grantAccess/);
    assert.match(shown, new RegExp(`access_grants:${grantId}`));
    assert.match(shown, /\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/);
    await entry.locator('summary').click();
    assert.match((await entry.locator('pre').textContent()) ?? '', /成渝线索共享协议 2026-11 号/);
    assert.equal(await page.inputValue('input[name="agency"]'), 'health:510000', 'the filters stay filled in');

    await page.click('button:has-text("校验哈希链")');
    await page.waitForURL(`${base}/console/audit`);
    assert.match(await banner(), /^哈希链完整：已校验 \d+ 条记录，链头 #\d+/);
  });

  test('revokes the grant: 已撤销 in the table, and the agency loses the region at once', async () => {
    await page.click('nav a:has-text("授权管理")');
    await page.waitForURL(`${base}/console/grants`);
    await row('data-grant-id', grantId).locator('button:has-text("撤销")').click();
    await page.waitForURL(`${base}/console/grants`);
    await page.locator('.banner').waitFor();
    assert.match(await banner(), new RegExp(`^已撤销授权 #${grantId}：police:510104 线索查阅$`));
    assert.match(await rowText('data-grant-id', grantId), /已撤销/);
    assert.equal(await row('data-grant-id', grantId).locator('button').count(), 0, 'no revoke button on a revoked grant');
    assert.deepEqual(await clueRegions(await hub.tokenFor('police:510104', ['clue:read'])), ['510104']);
  });

  test('replays a dead letter through the broker: marked replayed, and its failed replay comes back as a new dead letter', async () => {
    const bad = { ...structuredClone(sampleClue), id: 'console-browser-dlq-1', type: 'health.clue.vanished' };
    await kcatPublish(ingest.broker.bootstrap, 'health.events', [{ key: bad.subject, value: JSON.stringify(bad) }]);
    const [letter] = await waitFor('the dead letter', async () => {
      const rows = await ingest.database.db.select().from(deadLettersTable).where(eq(deadLettersTable.eventId, bad.id));
      return rows.length > 0 && rows;
    });
    const id = String(letter!.id);

    await page.click('nav a:has-text("死信队列")');
    await page.waitForURL(`${base}/console/dead-letters`);
    const listed = await rowText('data-dead-letter-id', id);
    assert.match(listed, /health\.events/);
    assert.match(listed, /未知的事件类型 UNKNOWN_TYPE/);
    assert.match(listed, /console-browser-dlq-1/);
    assert.match(listed, /未重放/);

    await page.check('input[name="events"]');
    await page.click('button:has-text("筛选")');
    await page.waitForLoadState();
    assert.match((await row('data-dead-letter-id', id).locator('pre.event').textContent()) ?? '', /"type": "health\.clue\.vanished"/, 'the original event is shown');

    await row('data-dead-letter-id', id).locator('button:has-text("重放")').click();
    await page.locator('.banner').waitFor();
    assert.equal(await banner(), '已重放 1 条（共请求 1 条）');

    const again = await waitFor('the replayed event dead-lettered again', async () => {
      const rows = await ingest.database.db.select().from(deadLettersTable).where(and(eq(deadLettersTable.eventId, bad.id), eq(deadLettersTable.replayOf, letter!.id)));
      return rows.length > 0 && rows[0];
    });
    await page.check('input[name="includeReplayed"]');
    await page.click('button:has-text("筛选")');
    await page.waitForLoadState();
    assert.match(await rowText('data-dead-letter-id', id), /已重放 1 次/);
    assert.match(await rowText('data-dead-letter-id', String(again.id)), new RegExp(`重放 #${id} 后再次失败`));
  });

  test('an unmapped code: a provincial steward sees it with 代码映射需国家级数据管理员 and no form; a national steward maps it by its Chinese category label and the stored record is re-classified', async () => {
    const unknown = structuredClone(sampleClue);
    unknown.id = 'console-browser-code-1';
    unknown.data = { ...unknown.data, clueId: 'XS-CONSOLE-1', violationCode: 'WJ-CONSOLE-NEW' };
    await kcatPublish(ingest.broker.bootstrap, 'health.events', [{ key: unknown.subject, value: JSON.stringify(unknown) }]);
    await waitFor('the unmapped code counted', async () => (await ingest.database.db.select().from(unmappedCodesTable).where(eq(unmappedCodesTable.code, 'WJ-CONSOLE-NEW'))).length > 0);

    // Still the provincial steward (四川省) of the steps above.
    await page.click('nav a:has-text("未映射代码")');
    await page.waitForURL(`${base}/console/codes`);
    assert.match(await rowText('data-code', 'HEALTH:WJ-CONSOLE-NEW'), /^卫生健康 WJ-CONSOLE-NEW 1 .*未映射/);
    assert.match(await text('[data-map-note]'), /^代码映射需国家级数据管理员/);
    assert.equal(await page.locator('form[action="/console/codes"][method="post"]').count(), 0, 'no mapping form');

    // A national steward (全国) signs in instead.
    await page.click('button:has-text("退出登录")');
    await page.waitForURL(`${base}/console/`);
    await page.fill('textarea[name="token"]', await hub.tokenFor('health:000000', ['steward']));
    await page.click('button:has-text("登录")');
    await page.waitForURL(`${base}/console/grants`);
    assert.match(await text('header .who'), /health:000000/);
    await page.click('nav a:has-text("未映射代码")');
    await page.waitForURL(`${base}/console/codes`);
    assert.equal(await page.locator('[data-map-note]').count(), 0);
    const code = row('data-code', 'HEALTH:WJ-CONSOLE-NEW');
    const categories = await code.locator('select[name="category"] option').allTextContents();
    assert.ok(categories.includes('非法行医') && categories.includes('欺诈骗保') && !categories.includes('其他'), categories.join(','));

    await code.locator('select[name="category"]').selectOption({ label: '非法行医' });
    await code.locator('input[name="label"]').fill('聘用无资质人员开展诊疗');
    await code.locator('button:has-text("映射")').click();
    await page.locator('.banner').waitFor();
    assert.equal(await banner(), '已将卫生健康代码 WJ-CONSOLE-NEW 映射为“非法行医”（第 1 版），重新归类 1 条记录');
    assert.equal(await row('data-code', 'HEALTH:WJ-CONSOLE-NEW').count(), 0, 'a mapped code leaves the list');

    await page.check('input[name="includeMapped"]');
    await page.click('button:has-text("筛选")');
    await page.waitForLoadState();
    assert.match(await rowText('data-code', 'HEALTH:WJ-CONSOLE-NEW'), /非法行医 聘用无资质人员开展诊疗 第 1 版/);
  });

  test('signs out: the pages are gone again', async () => {
    await page.click('button:has-text("退出登录")');
    await page.waitForURL(`${base}/console/`);
    assert.equal(await banner(), '已退出登录');
    await page.goto(`${base}/console/audit`);
    assert.equal(new URL(page.url()).pathname, '/console/');
  });
});
