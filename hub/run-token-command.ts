import { loadOrCreateDevKeys } from '../gateway/auth/dev-keys.ts';
import { mintToken } from '../gateway/auth/mint-token.ts';
import { parseTokenArgs, TOKEN_HELP } from '../gateway/auth/token-command.ts';
import type { HubConfig } from './config.ts';

/** `npm run token -- --agency police:510181 --scope "clue:read"`: prints a token signed with the development key. */
export async function runTokenCommand(argv: string[], config: HubConfig): Promise<number> {
  const parsed = parseTokenArgs(argv);
  if (parsed.kind === 'help') {
    process.stdout.write(TOKEN_HELP);
    return 0;
  }
  if (parsed.kind === 'usage-error') {
    process.stderr.write(`${parsed.message}\n\n${TOKEN_HELP}`);
    return 2;
  }
  if (config.auth.keys.source !== 'dev') {
    process.stderr.write('token signs with the development key only; with AUTH_JWKS_FILE or AUTH_JWKS_URL set, tokens come from the agencies\' identity providers\n');
    return 2;
  }
  const keys = await loadOrCreateDevKeys(config.auth.keys.dir);
  const token = await mintToken(keys, { ...parsed.options, issuer: config.auth.issuers[0]!, audience: config.auth.audience });
  process.stdout.write(`${token}\n`);
  return 0;
}
