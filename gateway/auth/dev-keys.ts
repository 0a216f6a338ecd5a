import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK } from 'jose';
import type { CryptoKey, JSONWebKeySet, JWK } from 'jose';
import { KeySourceError } from './token-errors.ts';

/** A local signing key for development: the hub trusts `publicJwks`, the token command signs with `privateKey`. */
export interface DevKeys {
  kid: string;
  alg: 'ES256';
  privateKey: CryptoKey;
  publicJwks: JSONWebKeySet;
}

/** The file in the data folder that holds the development signing key (a private JWK). */
export const DEV_KEY_FILE = 'dev-signing-key.json';

/**
 * The development key pair kept in `dir`: created on first use, reloaded
 * afterwards, so tokens minted by the CLI stay valid across hub restarts.
 * The file is the only copy of the private key and is written owner-only.
 */
export async function loadOrCreateDevKeys(dir: string): Promise<DevKeys> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, DEV_KEY_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    text = await createKeyFile(path);
  }
  return devKeysFrom(text, path);
}

async function createKeyFile(path: string): Promise<string> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  // The thumbprint is a kid that cannot collide with another key by accident.
  const kid = await calculateJwkThumbprint(jwk);
  const text = `${JSON.stringify({ ...jwk, kid, alg: 'ES256', use: 'sig' }, null, 2)}\n`;
  try {
    // `wx`: if another process created the file meanwhile, keep its key rather than replace it.
    await writeFile(path, text, { mode: 0o600, flag: 'wx' });
    return text;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return readFile(path, 'utf8');
  }
}

async function devKeysFrom(text: string, path: string): Promise<DevKeys> {
  let jwk: JWK;
  try {
    jwk = JSON.parse(text) as JWK;
  } catch (cause) {
    throw new KeySourceError('DEV_KEY_INVALID', `${path} is not JSON; delete it to generate a new development key`, { cause });
  }
  const { kty, crv, x, y, d, kid } = jwk;
  if (kty !== 'EC' || crv !== 'P-256' || !x || !y || !d || !kid) {
    throw new KeySourceError('DEV_KEY_INVALID', `${path} is not a P-256 private JWK with a kid; delete it to generate a new development key`);
  }
  let privateKey: CryptoKey;
  try {
    privateKey = (await importJWK({ kty, crv, x, y, d }, 'ES256', { extractable: true })) as CryptoKey;
  } catch (cause) {
    throw new KeySourceError('DEV_KEY_INVALID', `${path} holds an unusable key; delete it to generate a new development key`, { cause });
  }
  return { kid, alg: 'ES256', privateKey, publicJwks: { keys: [{ kty, crv, x, y, kid, alg: 'ES256', use: 'sig' }] } };
}
