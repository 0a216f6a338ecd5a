import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { captureChildLog, childLogEnv } from '../support/test-log.ts';
import { waitFor } from '../support/wait-for.ts';

// `npm start` end to end: the CLI starts the embedded broker, the connectors and the gateway,
// publishes the demo data through Kafka, prints demo tokens, and a printed token reads what was
// ingested through GraphQL. Ctrl-C stops it cleanly.

let database: TestDatabase;
let dataDir: string;
before(async () => {
  database = await createTestDatabase();
  dataDir = mkdtempSync(join(tmpdir(), 'hub-start-'));
});
after(async () => {
  await database.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

test('the hub starts on embedded defaults, serves what it ingested to a printed demo token, and stops on SIGINT', { timeout: 120_000 }, async () => {
  const cli = new URL('../../hub/cli.ts', import.meta.url).pathname;
  const hub = spawn(process.execPath, ['--disable-warning=TimeoutNegativeWarning', cli, 'start'], {
    env: { ...process.env, DATABASE_URL: database.url, PORT: '0', HUB_DATA_DIR: dataDir, ...childLogEnv() },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  captureChildLog(hub, 'hub-start');
  let stdout = '';
  let stderr = '';
  hub.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  hub.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => hub.once('exit', (code) => resolve(code)));
  try {
    const url = await waitFor('the gateway URL on stderr', async () => /GraphQL: (http:\/\/127\.0\.0\.1:\d+\/graphql)/.exec(stderr)?.[1], 60_000);
    const token = /police:510181 {2}\[[^\]]*\]\n {2}(\S+)/.exec(stdout)?.[1];
    assert.ok(token, `a police demo token is printed:\n${stdout}`);
    // Two steward tokens, each labelled: the provincial one, and the national one that maps codes.
    assert.match(stdout, /health:510000 {2}\[steward\] {2}# provincial steward \(四川省\)\n {2}\S+/);
    assert.match(stdout, /health:000000 {2}\[steward\] {2}# national steward \(全国\): maps codes\n {2}\S+/);

    const ask = async (query: string) => (await (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query }) })).json()) as { data: { clues: { totalCount: number }; person: unknown } };
    const total = await waitFor('demo clues to arrive through Kafka', async () => {
      const count = (await ask('{ clues { totalCount } }')).data.clues.totalCount;
      return count > 50 && count;
    }, 60_000, 500);
    assert.ok(total > 50);
    const ready = await fetch(url.replace('/graphql', '/readyz'));
    assert.equal(ready.status, 200, 'ready: the database and the broker answer');

    // The steward console is served beside the gateway; its URL is printed after the steward tokens, which sign in.
    const consoleUrl = /Steward console: (http:\/\/127\.0\.0\.1:\d+\/console\/)/.exec(stdout)?.[1];
    assert.ok(consoleUrl, `the console URL is printed:\n${stdout}`);
    assert.match(await (await fetch(consoleUrl)).text(), /访问令牌/);
    const stewardToken = (region: string) => new RegExp(`health:${region} {2}\\[steward\\][^\\n]*\\n {2}(\\S+)`).exec(stdout)?.[1] ?? '';
    for (const region of ['510000', '000000']) {
      const signIn: Response = await fetch(`${consoleUrl}sign-in`, { method: 'POST', redirect: 'manual', headers: { origin: new URL(consoleUrl).origin }, body: new URLSearchParams({ token: stewardToken(region) }) });
      assert.equal(signIn.status, 303, region);
      assert.equal(signIn.headers.get('location'), '/console/grants', region);
    }
    // Only the national token may map codes: a mapping onto OTHER, which changes nothing, is refused for its input
    // (BAD_USER_INPUT) with the national token, and for the steward (FORBIDDEN) with the provincial one.
    const mapOther = async (region: string) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${stewardToken(region)}` },
        body: JSON.stringify({ query: 'mutation { mapCode(input: { department: HEALTH, code: "WJ-DEMO", category: OTHER, label: "演示" }) { version } }' }),
      });
      return ((await response.json()) as { errors?: Array<{ extensions?: { code?: string } }> }).errors?.map((error) => error.extensions?.code);
    };
    assert.deepEqual(await mapOther('000000'), ['BAD_USER_INPUT']);
    assert.deepEqual(await mapOther('510000'), ['FORBIDDEN']);
  } finally {
    hub.kill('SIGINT');
  }
  assert.equal(await exited, 0, stderr.slice(-2000));
  assert.match(stderr, /ingested events by topic|rows per table|dead letters/i, 'the stats are printed on the way out');
});
