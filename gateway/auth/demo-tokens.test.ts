import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exportJWK, generateKeyPair } from 'jose';
import { departments } from '../../schema/vocabulary/categories.ts';
import { demoAgencies, mintDemoTokens } from './demo-tokens.ts';
import { keysFromPublicJwks } from './key-sources.ts';
import { mintToken, parseDuration } from './mint-token.ts';
import { createTokenVerifier } from './verify-token.ts';

describe('demoAgencies', () => {
  it('gives one agency per department in the home region', () => {
    const agencies = demoAgencies('510181');
    assert.deepEqual(agencies.map((a) => a.agency), departments.map((d) => `${d}:510181`));
    assert.deepEqual(agencies.find((a) => a.agency === 'tax:510181')?.scopes, ['result:read', 'credit:read']);
    assert.ok(agencies.find((a) => a.agency === 'police:510181')?.scopes.includes('identity:photo'));
  });

  it('refuses a bad region code', () => {
    assert.throws(() => demoAgencies('5101'), RangeError);
  });
});

describe('mintDemoTokens and mintToken', async () => {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const signer = { privateKey, kid: 'demo', alg: 'ES256' };
  const verify = createTokenVerifier({
    keys: keysFromPublicJwks({ keys: [{ ...(await exportJWK(publicKey)), kid: 'demo' }] }),
    issuers: ['hub-dev'],
    audience: 'supervision-hub',
  });

  it('mints a verifiable token per department with its scopes', async () => {
    const tokens = await mintDemoTokens(signer, { issuer: 'hub-dev', audience: 'supervision-hub', region: '330100' });
    assert.equal(tokens.length, 5);
    for (const { agency, scopes, token } of tokens) {
      const caller = await verify(token);
      assert.equal(caller.agency, agency);
      assert.deepEqual(caller.scopes, new Set(scopes));
    }
  });

  it('sets typ, kid, jti and an 8 h lifetime by default', async () => {
    const issuedAt = new Date();
    const token = await mintToken(signer, { agency: 'market:330100', scopes: ['clue:read'], issuer: 'hub-dev', audience: 'supervision-hub', issuedAt });
    const [header, payload] = token.split('.').slice(0, 2).map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()) as Record<string, unknown>);
    assert.deepEqual(header, { alg: 'ES256', kid: 'demo', typ: 'JWT' });
    assert.equal(Number(payload?.exp) - Number(payload?.iat), 8 * 3600);
    assert.equal(typeof payload?.jti, 'string');
    assert.equal(payload?.region, '330100');
  });

  it('refuses a bad agency or lifetime rather than mint a useless token', async () => {
    const base = { scopes: ['clue:read'], issuer: 'hub-dev', audience: 'supervision-hub' };
    await assert.rejects(mintToken(signer, { ...base, agency: 'army:330100' }), RangeError);
    await assert.rejects(mintToken(signer, { ...base, agency: 'market:330100', expiresIn: '8 weeks' }), RangeError);
    await assert.rejects(mintToken(signer, { ...base, agency: 'market:330100', expiresIn: 0 }), RangeError);
  });
});

describe('parseDuration', () => {
  it('reads s, m, h, d and bare seconds', () => {
    assert.deepEqual(['90s', '30m', '8h', '7d', '600'].map(parseDuration), [90, 1800, 28_800, 604_800, 600]);
    assert.deepEqual(['', '0h', '-1h', '8w', 'h', '1.5h'].map(parseDuration), [undefined, undefined, undefined, undefined, undefined, undefined]);
  });
});
