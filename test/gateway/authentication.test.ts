import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import { generateKeyPair } from 'jose';
import { mintToken } from '../../gateway/auth/mint-token.ts';
import { seededGatewayFixture, TEST_AUDIENCE, TEST_ISSUER } from '../support/gateway-harness.ts';

// Token attacks through the HTTP endpoint: each is a 401 with code UNAUTHENTICATED, a reason, and no data.
// (gateway/auth/verify-token.test.ts covers the verifier itself case by case, with a frozen clock.)

const fixture = seededGatewayFixture();

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const claims = { agency: 'police:510181', scopes: ['clue:read', 'identity:read'], issuer: TEST_ISSUER, audience: TEST_AUDIENCE };

async function attacks(): Promise<Array<[string, string, string]>> {
  const good = await fixture.hub.tokenFor('police:510181', ['clue:read']);
  const [header, payload, signature] = good.split('.') as [string, string, string];
  const decoded = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
  const publicJwk = fixture.hub.signer.publicJwks.keys[0]!;
  const hsHeader = b64({ alg: 'HS256', typ: 'JWT', kid: fixture.hub.signer.kid });
  const hsSignature = createHmac('sha256', JSON.stringify(publicJwk)).update(`${hsHeader}.${payload}`).digest('base64url');
  const stranger = await generateKeyPair('ES256');
  const hourAgo = new Date(Date.now() - 3_600_000);
  return [
    ['alg none', `${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`, 'ALGORITHM_NOT_ALLOWED'],
    ['HS256 signed with the public key', `${hsHeader}.${payload}.${hsSignature}`, 'ALGORITHM_NOT_ALLOWED'],
    ['expired', await mintToken(fixture.hub.signer, { ...claims, issuedAt: new Date(hourAgo.getTime() - 600_000), expiresIn: '5m' }), 'TOKEN_EXPIRED'],
    ['not yet valid', await mintToken(fixture.hub.signer, { ...claims, issuedAt: new Date(Date.now() + 3_600_000) }), 'TOKEN_NOT_YET_VALID'],
    ['wrong issuer', await mintToken(fixture.hub.signer, { ...claims, issuer: 'someone-else' }), 'ISSUER_NOT_TRUSTED'],
    ['wrong audience', await mintToken(fixture.hub.signer, { ...claims, audience: 'another-api' }), 'AUDIENCE_MISMATCH'],
    ['unknown kid', await mintToken({ privateKey: stranger.privateKey, kid: 'stranger-1', alg: 'ES256' }, claims), 'UNKNOWN_KEY'],
    ['tampered payload', `${header}.${b64({ ...decoded, scope: 'clue:read identity:read identity:photo steward' })}.${signature}`, 'SIGNATURE_INVALID'],
    ['truncated', `${header}.${payload}`, 'TOKEN_MALFORMED'],
    ['oversized', `${header}.${b64({ ...decoded, pad: 'x'.repeat(20_000) })}.${signature}`, 'TOKEN_TOO_LARGE'],
  ];
}

test('every forged, stale or foreign token gets 401 UNAUTHENTICATED with a reason, and no data', async () => {
  for (const [attack, token, reason] of await attacks()) {
    const response = await fixture.hub.gateway.fetch('http://fixture.hub.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ clues { totalCount edges { node { clueId } } } publicPenalties { totalCount } }' }),
    });
    const body = (await response.json()) as { data?: unknown; errors: Array<{ message: string; extensions: { code: string; reason: string } }> };
    assert.equal(response.status, 401, attack);
    assert.match(response.headers.get('www-authenticate') ?? '', /^Bearer/, attack);
    assert.equal(body.data, undefined, attack);
    assert.deepEqual(body.errors.map((e) => [e.extensions.code, e.extensions.reason]), [['UNAUTHENTICATED', reason]], attack);
    assert.ok(!body.errors[0]!.message.includes(token.slice(0, 20)), `${attack}: the message does not echo the token`);
  }
});

test('a valid token is served, and no token at all still reaches public data', async () => {
  const token = await fixture.hub.tokenFor('police:510181', ['clue:read']);
  const served = await fixture.hub.query('{ clues { totalCount } }', { token });
  assert.equal(served.status, 200);
  assert.deepEqual(served.body.data, { clues: { totalCount: 3 } });
  const anonymous = await fixture.hub.query('{ publicPenalties { totalCount } }');
  assert.equal(anonymous.status, 200);
  assert.deepEqual(anonymous.body.data, { publicPenalties: { totalCount: 8 } });
});

test('an Authorization header that is not a bearer token is refused, not ignored', async () => {
  const response = await fixture.hub.gateway.fetch('http://fixture.hub.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Basic cG9saWNlOnNlY3JldA==' },
    body: JSON.stringify({ query: '{ publicPenalties { totalCount } }' }),
  });
  assert.equal(response.status, 401);
});
