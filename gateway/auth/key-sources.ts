import { readFile } from 'node:fs/promises';
import { createLocalJWKSet, createRemoteJWKSet } from 'jose';
import type { JSONWebKeySet, JWTVerifyGetKey } from 'jose';
import { KeySourceError } from './token-errors.ts';

/**
 * Trusts the public keys of a JWKS held in memory. Private or symmetric keys
 * are refused: a JWKS published to a verifier must never carry secrets.
 */
export function keysFromPublicJwks(jwks: JSONWebKeySet): JWTVerifyGetKey {
  checkPublicJwks(jwks, 'JWKS');
  return createLocalJWKSet(jwks);
}

/** Trusts the public keys in a JWKS file, read once: restart to pick up a changed file. */
export async function keysFromJwksFile(path: string): Promise<JWTVerifyGetKey> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new KeySourceError('JWKS_UNREADABLE', `cannot read JWKS file ${path}: ${(cause as Error).message}`, { cause });
  }
  let jwks: unknown;
  try {
    jwks = JSON.parse(text);
  } catch (cause) {
    throw new KeySourceError('JWKS_INVALID', `JWKS file ${path} is not JSON`, { cause });
  }
  checkPublicJwks(jwks, `JWKS file ${path}`);
  return createLocalJWKSet(jwks);
}

export interface JwksUrlOptions {
  /** Least time between two fetches, in ms (default 30 s); a token with an unknown `kid` triggers a refetch once this has passed. */
  cooldownMs?: number;
  /** How long a fetched set is used before it is refreshed, in ms (default 10 min). */
  cacheMaxAgeMs?: number;
}

/**
 * Trusts the keys an identity provider publishes at a JWKS URL. A token with
 * a `kid` not seen yet makes jose refetch (after the cooldown), so an issuer
 * can rotate keys without the hub restarting; the cooldown stops a flood of
 * made-up `kid`s from hammering the provider.
 */
export function keysFromJwksUrl(url: string, options: JwksUrlOptions = {}): JWTVerifyGetKey {
  const { cooldownMs = 30_000, cacheMaxAgeMs = 600_000 } = options;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (cause) {
    throw new KeySourceError('JWKS_URL_INVALID', `JWKS URL is not a URL: ${url}`, { cause });
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new KeySourceError('JWKS_URL_INVALID', `JWKS URL must be http(s): ${url}`);
  }
  return createRemoteJWKSet(parsed, { cooldownDuration: cooldownMs, cacheMaxAge: cacheMaxAgeMs });
}

function checkPublicJwks(value: unknown, where: string): asserts value is JSONWebKeySet {
  const keys = typeof value === 'object' && value !== null ? (value as { keys?: unknown }).keys : undefined;
  if (!Array.isArray(keys) || keys.length === 0) {
    throw new KeySourceError('JWKS_INVALID', `${where} must be a JSON Web Key Set: {"keys": [...]} with at least one key`);
  }
  keys.forEach((key: unknown, index) => {
    if (typeof key !== 'object' || key === null || typeof (key as { kty?: unknown }).kty !== 'string') {
      throw new KeySourceError('JWKS_INVALID', `${where}: key ${index} is not a JWK (no "kty")`);
    }
    if ((key as { kty: string }).kty === 'oct' || 'd' in key) {
      throw new KeySourceError('JWKS_INVALID', `${where}: key ${index} is private or symmetric; publish public keys only`);
    }
  });
}
