import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { exportJWK, generateKeyPair } from 'jose';
import type { CryptoKey, JSONWebKeySet, JWK } from 'jose';
import { keysFromJwksFile, keysFromJwksUrl, keysFromPublicJwks } from './key-sources.ts';
import { mintToken } from './mint-token.ts';
import { KeySourceError, TokenRejectedError } from './token-errors.ts';
import { createTokenVerifier } from './verify-token.ts';

const ISSUER = 'https://idp.example.gov.cn';
const AUDIENCE = 'supervision-hub';

async function signingKey(kid: string): Promise<{ kid: string; alg: string; privateKey: CryptoKey; publicJwk: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  return { kid, alg: 'ES256', privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid } };
}

const keyA = await signingKey('key-a');
const keyB = await signingKey('key-b');
const tokenFor = (key: typeof keyA) => mintToken(key, { agency: 'market:310000', scopes: ['clue:read'], issuer: ISSUER, audience: AUDIENCE });

function isKeySourceError(code: string) {
  return (error: unknown) => error instanceof KeySourceError && error.code === code;
}

describe('keysFromJwksFile', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hub-jwks-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('trusts the keys in a JWKS file', async () => {
    const path = join(dir, 'jwks.json');
    await writeFile(path, JSON.stringify({ keys: [keyA.publicJwk] }));
    const verify = createTokenVerifier({ keys: await keysFromJwksFile(path), issuers: [ISSUER], audience: AUDIENCE });
    assert.equal((await verify(await tokenFor(keyA))).agency, 'market:310000');
  });

  it('says clearly when the file is missing, not JSON, not a JWKS, or holds a private key', async () => {
    await assert.rejects(keysFromJwksFile(join(dir, 'missing.json')), isKeySourceError('JWKS_UNREADABLE'));
    const cases: Array<[string, string]> = [
      ['not-json.json', '{"keys": ['],
      ['not-jwks.json', JSON.stringify({ kty: 'EC' })],
      ['empty.json', JSON.stringify({ keys: [] })],
      ['no-kty.json', JSON.stringify({ keys: [{ x: 'abc' }] })],
      ['private.json', JSON.stringify({ keys: [{ ...(await exportJWK(keyA.privateKey)), kid: 'key-a' }] })],
      ['symmetric.json', JSON.stringify({ keys: [{ kty: 'oct', k: 'c2VjcmV0' }] })],
    ];
    for (const [name, text] of cases) {
      const path = join(dir, name);
      await writeFile(path, text);
      await assert.rejects(keysFromJwksFile(path), isKeySourceError('JWKS_INVALID'), name);
    }
  });
});

describe('keysFromPublicJwks', () => {
  it('refuses a set that is not public keys only', async () => {
    assert.throws(() => keysFromPublicJwks({ keys: [{ kty: 'oct', k: 'c2VjcmV0' }] }), isKeySourceError('JWKS_INVALID'));
    assert.throws(() => keysFromPublicJwks({ keys: [] }), isKeySourceError('JWKS_INVALID'));
  });
});

describe('keysFromJwksUrl', () => {
  let served: JSONWebKeySet = { keys: [keyA.publicJwk] };
  let fetches = 0;
  const server = createServer((_request, response) => {
    fetches += 1;
    response.writeHead(200, { 'content-type': 'application/jwk-set+json' });
    response.end(JSON.stringify(served));
  });
  let url: string;
  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
  });
  after(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('picks up a rotated key without a new verifier', async () => {
    const verify = createTokenVerifier({ keys: keysFromJwksUrl(url, { cooldownMs: 50 }), issuers: [ISSUER], audience: AUDIENCE });
    assert.ok(await verify(await tokenFor(keyA)));
    assert.equal(fetches, 1);

    served = { keys: [keyA.publicJwk, keyB.publicJwk] };
    await sleep(100);
    assert.equal((await verify(await tokenFor(keyB))).agency, 'market:310000');
    assert.equal(fetches, 2);
    assert.ok(await verify(await tokenFor(keyA)), 'the old key still works during the rotation');
  });

  it('does not refetch for an unknown kid during the cooldown', async () => {
    served = { keys: [keyA.publicJwk] };
    const fetchesBefore = fetches;
    const verify = createTokenVerifier({ keys: keysFromJwksUrl(url, { cooldownMs: 60_000 }), issuers: [ISSUER], audience: AUDIENCE });
    assert.ok(await verify(await tokenFor(keyA)));
    for (let i = 0; i < 3; i += 1) {
      await assert.rejects(verify(await tokenFor(keyB)), (error) => error instanceof TokenRejectedError && error.reason === 'UNKNOWN_KEY');
    }
    assert.equal(fetches - fetchesBefore, 1);
  });

  it('refuses a URL that is not http(s)', () => {
    assert.throws(() => keysFromJwksUrl('not a url'), isKeySourceError('JWKS_URL_INVALID'));
    assert.throws(() => keysFromJwksUrl('file:///etc/jwks.json'), isKeySourceError('JWKS_URL_INVALID'));
  });
});
