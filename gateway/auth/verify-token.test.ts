import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { SignJWT, exportJWK, exportSPKI, generateKeyPair } from 'jose';
import type { CryptoKey, JWK, JWTPayload, JWTVerifyGetKey } from 'jose';
import { keysFromPublicJwks } from './key-sources.ts';
import { mintToken } from './mint-token.ts';
import { TokenRejectedError } from './token-errors.ts';
import type { TokenRejectionReason } from './token-errors.ts';
import { bearerToken, createTokenVerifier } from './verify-token.ts';
import type { TokenVerifierOptions } from './verify-token.ts';

const NOW = new Date('2025-03-01T08:00:00Z');
const NOW_SECONDS = NOW.getTime() / 1000;
const ISSUER = 'https://idp.sc.example.gov.cn';
const AUDIENCE = 'supervision-hub';

interface TestKey {
  kid: string;
  alg: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: JWK;
}

async function testKey(alg: 'ES256' | 'RS256' | 'EdDSA', kid: string): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg);
  return { kid, alg, privateKey, publicKey, publicJwk: { ...(await exportJWK(publicKey)), kid } };
}

const ec = await testKey('ES256', 'ec-1');
const rsa = await testKey('RS256', 'rsa-1');
const ed = await testKey('EdDSA', 'ed-1');
const stranger = await testKey('ES256', 'ec-2');
const trusted = keysFromPublicJwks({ keys: [ec.publicJwk, rsa.publicJwk, ed.publicJwk] });

function verifierWith(options: Partial<TokenVerifierOptions> = {}) {
  return createTokenVerifier({ keys: trusted, issuers: [ISSUER], audience: AUDIENCE, currentDate: () => NOW, ...options });
}
const verify = verifierWith();

/** A hub token as an identity provider would issue it, for the frozen clock. */
function mint(key: TestKey = ec, claims: { agency?: string; scopes?: string[]; issuer?: string; audience?: string; region?: string } = {}) {
  return mintToken(key, {
    agency: 'police:510181',
    scopes: ['clue:read', 'identity:read'],
    issuer: ISSUER,
    audience: AUDIENCE,
    issuedAt: NOW,
    ...claims,
  });
}

const VALID_CLAIMS = { sub: 'officer-0042', agency: 'police:510181', scope: 'clue:read', iss: ISSUER, aud: AUDIENCE, iat: NOW_SECONDS, exp: NOW_SECONDS + 3600 };

/** Signs exactly the claims given, for tokens mintToken would refuse to make. */
function signClaims(claims: JWTPayload, key: TestKey = ec): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' }).sign(key.privateKey);
}

function withoutClaim(name: keyof typeof VALID_CLAIMS): JWTPayload {
  const { [name]: _dropped, ...rest } = VALID_CLAIMS;
  return rest;
}

const segment = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

async function assertRejected(promise: Promise<unknown>, reason: TokenRejectionReason): Promise<TokenRejectedError> {
  let caught: unknown;
  await assert.rejects(promise, (error) => {
    caught = error;
    return true;
  });
  assert.ok(caught instanceof TokenRejectedError, `expected TokenRejectedError, got ${String(caught)}`);
  assert.equal(caught.reason, reason);
  assert.equal(caught.code, 'UNAUTHENTICATED');
  return caught;
}

/** A key resolver that counts its calls, to prove a check ran before any key was looked up. */
function countingKeys(): { keys: JWTVerifyGetKey; calls: () => number } {
  let calls = 0;
  const keys: JWTVerifyGetKey = (header, token) => {
    calls += 1;
    return trusted(header, token);
  };
  return { keys, calls: () => calls };
}

describe('createTokenVerifier: good tokens', () => {
  it('accepts an ES256 token and returns the caller', async () => {
    const caller = await verify(await mint(ec, { scopes: ['clue:read', 'identity:read'] }));
    assert.deepEqual(caller, {
      subject: 'dev-police-officer',
      agency: 'police:510181',
      department: 'police',
      region: '510181',
      scopes: new Set(['clue:read', 'identity:read']),
      expiresAt: new Date((NOW_SECONDS + 8 * 3600) * 1000),
    });
  });

  it('accepts an RS256 token', async () => {
    const caller = await verify(await mint(rsa, { agency: 'tax:330100' }));
    assert.equal(caller.department, 'tax');
    assert.equal(caller.region, '330100');
  });

  it('accepts an EdDSA token', async () => {
    const caller = await verify(await mint(ed, { agency: 'health:510000' }));
    assert.equal(caller.agency, 'health:510000');
  });

  it('keeps an explicit region claim within the agency region and defaults a missing one to the agency region', async () => {
    assert.equal((await verify(await mint(ec, { agency: 'police:510100', region: '510181' }))).region, '510181');
    await assertRejected(verify(await mint(ec, { agency: 'police:510181', region: '510100' })), 'CLAIMS_INVALID');
    await assertRejected(verify(await mint(ec, { agency: 'police:510181', region: '000000' })), 'CLAIMS_INVALID');
    assert.equal((await verify(await signClaims(VALID_CLAIMS))).region, '510181');
  });

  it('drops unknown scopes and keeps the known ones', async () => {
    const caller = await verify(await signClaims({ ...VALID_CLAIMS, scope: 'clue:read  admin:all steward:everything\tresult:read' }));
    assert.deepEqual(caller.scopes, new Set(['clue:read', 'result:read']));
  });

  it('accepts an empty scope claim as no scopes', async () => {
    assert.equal((await verify(await signClaims({ ...VALID_CLAIMS, scope: '' }))).scopes.size, 0);
  });
});

describe('createTokenVerifier: algorithm attacks', () => {
  const claims = segment({ ...VALID_CLAIMS, scope: 'steward identity:read identity:photo' });

  it('refuses alg none without looking up a key, whatever its spelling', async () => {
    const spy = countingKeys();
    const verifyCounting = verifierWith({ keys: spy.keys });
    for (const alg of ['none', 'None', 'NONE']) {
      await assertRejected(verifyCounting(`${segment({ alg, typ: 'JWT' })}.${claims}.`), 'ALGORITHM_NOT_ALLOWED');
      await assertRejected(verifyCounting(`${segment({ alg, typ: 'JWT' })}.${claims}.c2ln`), 'ALGORITHM_NOT_ALLOWED');
    }
    assert.equal(spy.calls(), 0);
  });

  it('refuses HS256 signed with the public key (key confusion), even when HS256 and none are configured', async () => {
    const spy = countingKeys();
    const careless = verifierWith({ keys: spy.keys, algorithms: ['HS256', 'none', 'ES256'] });
    const pem = await exportSPKI(ec.publicKey);
    for (const secret of [pem, JSON.stringify(ec.publicJwk), Buffer.from(ec.publicJwk.x ?? '', 'base64url')]) {
      const input = `${segment({ alg: 'HS256', typ: 'JWT', kid: 'ec-1' })}.${claims}`;
      const token = `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
      await assertRejected(verify(token), 'ALGORITHM_NOT_ALLOWED');
      await assertRejected(careless(token), 'ALGORITHM_NOT_ALLOWED');
    }
    assert.equal(spy.calls(), 0);
    // The configured ES256 still works: unsafe entries are dropped, not fatal.
    assert.equal((await careless(await mint(ec))).agency, 'police:510181');
  });

  it('refuses an allowed-elsewhere algorithm this verifier was narrowed away from', async () => {
    await assertRejected(verifierWith({ algorithms: ['ES256'] })(await mint(rsa)), 'ALGORITHM_NOT_ALLOWED');
  });

  it('refuses a header without alg', async () => {
    const token = await mint(ec);
    const [, payload, signature] = token.split('.');
    await assertRejected(verify(`${segment({ typ: 'JWT', kid: 'ec-1' })}.${payload}.${signature}`), 'ALGORITHM_NOT_ALLOWED');
  });
});

describe('createTokenVerifier: time', () => {
  it('refuses an expired token', async () => {
    await assertRejected(verify(await signClaims({ ...VALID_CLAIMS, exp: NOW_SECONDS - 31 })), 'TOKEN_EXPIRED');
  });

  it('accepts a token expired within the clock skew', async () => {
    assert.ok(await verify(await signClaims({ ...VALID_CLAIMS, exp: NOW_SECONDS - 20 })));
  });

  it('refuses a token not yet valid beyond the skew, accepts one within it', async () => {
    await assertRejected(verify(await signClaims({ ...VALID_CLAIMS, nbf: NOW_SECONDS + 120 })), 'TOKEN_NOT_YET_VALID');
    assert.ok(await verify(await signClaims({ ...VALID_CLAIMS, nbf: NOW_SECONDS + 20 })));
  });

  it('honours a configured skew', async () => {
    await assertRejected(verifierWith({ clockToleranceSeconds: 0 })(await signClaims({ ...VALID_CLAIMS, exp: NOW_SECONDS - 1 })), 'TOKEN_EXPIRED');
  });

  it('requires exp', async () => {
    await assertRejected(verify(await signClaims(withoutClaim('exp'))), 'CLAIMS_INVALID');
  });
});

describe('createTokenVerifier: issuer, audience, key', () => {
  it('refuses an untrusted or missing issuer', async () => {
    await assertRejected(verify(await mint(ec, { issuer: 'https://evil.example' })), 'ISSUER_NOT_TRUSTED');
    await assertRejected(verify(await signClaims(withoutClaim('iss'))), 'ISSUER_NOT_TRUSTED');
  });

  it('accepts any of several trusted issuers', async () => {
    const twoIssuers = verifierWith({ issuers: ['https://idp.zj.example.gov.cn', ISSUER] });
    assert.ok(await twoIssuers(await mint()));
  });

  it('refuses a wrong audience and says which one is expected', async () => {
    const error = await assertRejected(verify(await mint(ec, { audience: 'other-system' })), 'AUDIENCE_MISMATCH');
    assert.equal(error.message, 'audience must be supervision-hub');
  });

  it('refuses a token signed by a key it does not know', async () => {
    await assertRejected(verify(await mint(stranger)), 'UNKNOWN_KEY');
  });

  it('refuses a known kid signed by another key', async () => {
    await assertRejected(verify(await mint({ ...stranger, kid: 'ec-1' })), 'SIGNATURE_INVALID');
  });
});

describe('createTokenVerifier: tampering and garbage', () => {
  it('refuses a payload changed after signing', async () => {
    const [header, payload, signature] = (await mint()).split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as JWTPayload;
    const raised = segment({ ...claims, scope: 'clue:read identity:read identity:photo steward' });
    await assertRejected(verify(`${header}.${raised}.${signature}`), 'SIGNATURE_INVALID');
  });

  it('refuses a token whose signature is dropped or cut short', async () => {
    const token = await mint();
    const [header, payload, signature = ''] = token.split('.');
    await assertRejected(verify(`${header}.${payload}.`), 'TOKEN_MALFORMED');
    await assertRejected(verify(`${header}.${payload}`), 'TOKEN_MALFORMED');
    await assertRejected(verify(`${header}.${payload}.${signature.slice(0, -2)}`), 'SIGNATURE_INVALID');
    await assertRejected(verify(token.slice(0, -1)), 'TOKEN_MALFORMED');
  });

  it('refuses an oversized token before parsing or looking up a key', async () => {
    const spy = countingKeys();
    const small = verifierWith({ keys: spy.keys, maxTokenBytes: 1024 });
    const padded = await signClaims({ ...VALID_CLAIMS, padding: 'x'.repeat(1024) });
    await assertRejected(small(padded), 'TOKEN_TOO_LARGE');
    await assertRejected(verify('a'.repeat(8193)), 'TOKEN_TOO_LARGE');
    assert.equal(spy.calls(), 0);
    assert.ok(await verify(padded), 'the default limit of 8192 bytes fits it');
  });

  it('calls a missing token missing', async () => {
    await assertRejected(verify(undefined), 'TOKEN_MISSING');
    await assertRejected(verify(''), 'TOKEN_MISSING');
  });

  it('refuses garbage as malformed', async () => {
    const notJson = Buffer.from('{"alg":"ES256"').toString('base64url');
    for (const garbage of ['abc', 'a.b', 'a.b.c', '...', 'a..c', ' ', '令牌.令牌.令牌', `${notJson}.e30.c2ln`, `${segment([1])}.e30.c2ln`, 'eyJhbGciOiJFUzI1NiJ9.e30.c2ln.x']) {
      await assertRejected(verify(garbage), 'TOKEN_MALFORMED');
    }
  });

  it('never echoes the token or its key id in the message', async () => {
    const token = await mint(stranger);
    const error = await assertRejected(verify(token), 'UNKNOWN_KEY');
    assert.ok(!error.message.includes(token.split('.')[0] ?? '') && !error.message.includes('ec-2'));
  });
});

describe('createTokenVerifier: hub claims', () => {
  const cases: Array<[string, JWTPayload]> = [
    ['no agency', withoutClaim('agency')],
    ['an unknown department', { ...VALID_CLAIMS, agency: 'army:510181' }],
    ['an agency region that is not a region code', { ...VALID_CLAIMS, agency: 'police:991234' }],
    ['an agency without a region', { ...VALID_CLAIMS, agency: 'police' }],
    ['an invalid region claim', { ...VALID_CLAIMS, region: '51018' }],
    ['no sub', withoutClaim('sub')],
    ['an empty sub', { ...VALID_CLAIMS, sub: '' }],
    ['no scope', withoutClaim('scope')],
    ['scope as an array', { ...VALID_CLAIMS, scope: ['clue:read'] }],
  ];
  for (const [name, claims] of cases) {
    it(`refuses ${name}`, async () => {
      await assertRejected(verify(await signClaims(claims)), 'CLAIMS_INVALID');
    });
  }

  it('names the claim rule without echoing the value', async () => {
    const error = await assertRejected(verify(await signClaims({ ...VALID_CLAIMS, agency: 'army:510181' })), 'CLAIMS_INVALID');
    assert.match(error.message, /agency must be <department>:<6-digit region code>/);
    assert.ok(!error.message.includes('army'));
  });
});

describe('bearerToken', () => {
  it('returns undefined without a header', () => {
    assert.equal(bearerToken(null), undefined);
  });

  it('reads Bearer in any case', () => {
    for (const header of ['Bearer abc.def.ghi', 'bearer abc.def.ghi', 'BEARER  abc.def.ghi ']) assert.equal(bearerToken(header), 'abc.def.ghi');
  });

  it('refuses a header that is present but not Bearer <token>', () => {
    for (const header of ['', 'Basic dXNlcjpwYXNz', 'Bearer', 'Bearer ', 'Bearer a b', 'Token abc', 'abc.def.ghi', 'Bearerabc']) {
      assert.throws(
        () => bearerToken(header),
        (error) => error instanceof TokenRejectedError && error.reason === 'TOKEN_MALFORMED',
        header,
      );
    }
  });
});

describe('createTokenVerifier: options', () => {
  it('refuses a configuration that could never accept a token safely', () => {
    assert.throws(() => verifierWith({ issuers: [] }), TypeError);
    assert.throws(() => verifierWith({ audience: '' }), TypeError);
    assert.throws(() => verifierWith({ maxTokenBytes: 0 }), RangeError);
  });
});

describe('issued in the future', () => {
  it('refuses a token whose iat is beyond the skew, even without nbf', async () => {
    const token = await signClaims({ ...VALID_CLAIMS, iat: NOW_SECONDS + 600, exp: NOW_SECONDS + 3600 });
    await assertRejected(verify(token), 'TOKEN_NOT_YET_VALID');
  });
});
