import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DEV_KEY_FILE, loadOrCreateDevKeys } from './dev-keys.ts';
import { keysFromPublicJwks } from './key-sources.ts';
import { mintToken } from './mint-token.ts';
import { KeySourceError } from './token-errors.ts';
import { createTokenVerifier } from './verify-token.ts';

const ISSUER = 'http://localhost:4000/dev-issuer';
const AUDIENCE = 'supervision-hub';

describe('loadOrCreateDevKeys', () => {
  let root: string;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'hub-dev-keys-'));
  });
  after(() => rm(root, { recursive: true, force: true }));

  it('creates the key once, owner-only, and reloads the same key afterwards', async () => {
    const dir = join(root, 'nested', 'data');
    const first = await loadOrCreateDevKeys(dir);
    const second = await loadOrCreateDevKeys(dir);
    assert.equal(second.kid, first.kid);
    assert.deepEqual(second.publicJwks, first.publicJwks);
    assert.equal(first.alg, 'ES256');
    assert.equal((await stat(join(dir, DEV_KEY_FILE))).mode & 0o777, 0o600);
    const publicKey = first.publicJwks.keys[0];
    assert.ok(publicKey && !('d' in publicKey), 'the published set carries no private part');
  });

  it('mints tokens that verify through the published keys, also after a reload', async () => {
    const dir = join(root, 'verify');
    const created = await loadOrCreateDevKeys(dir);
    const token = await mintToken(created, { agency: 'health:510181', scopes: ['clue:read', 'inspection:draw'], issuer: ISSUER, audience: AUDIENCE });
    const reloaded = await loadOrCreateDevKeys(dir);
    const verify = createTokenVerifier({ keys: keysFromPublicJwks(reloaded.publicJwks), issuers: [ISSUER], audience: AUDIENCE });
    const caller = await verify(token);
    assert.equal(caller.subject, 'dev-health-officer');
    assert.deepEqual(caller.scopes, new Set(['clue:read', 'inspection:draw']));
  });

  it('creates one key when called concurrently', async () => {
    const dir = join(root, 'race');
    const kids = (await Promise.all([1, 2, 3, 4].map(() => loadOrCreateDevKeys(dir)))).map((keys) => keys.kid);
    assert.equal(new Set(kids).size, 1);
    assert.equal(JSON.parse(await readFile(join(dir, DEV_KEY_FILE), 'utf8')).kid, kids[0]);
  });

  it('refuses a damaged key file instead of silently replacing it', async () => {
    const dir = join(root, 'damaged');
    await loadOrCreateDevKeys(dir);
    await writeFile(join(dir, DEV_KEY_FILE), '{"kty":"EC"}');
    await assert.rejects(loadOrCreateDevKeys(dir), (error) => error instanceof KeySourceError && error.code === 'DEV_KEY_INVALID');
  });
});
