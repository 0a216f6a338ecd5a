import { parseArgs } from 'node:util';
import { isRegionCode } from '../../schema/identifiers/index.ts';
import { AGENCY_FORMAT, parseAgency } from './agency.ts';
import { SCOPES, isScope } from './caller.ts';
import type { Scope } from './caller.ts';
import { parseDuration } from './mint-token.ts';

/** Help for the `token` command, which mints a development token. */
export const TOKEN_HELP = `Mint a development token signed with the hub's local key.

Usage: npm run token -- --agency <department>:<region> --scope "<scopes>" [options]

Options:
  --agency  department and home region, e.g. police:510181
            (departments: health, police, market, insurance, tax)
  --scope   space-separated scopes, e.g. "clue:read identity:read"
            (${SCOPES.join(', ')})
  --sub     the officer acting (default dev-<department>-officer)
  --region  home jurisdiction if not the agency's region, e.g. 510100
  --ttl     lifetime: 90s, 30m, 8h, 7d (default 8h)
  --help    show this text
`;

/** A `token` invocation understood: mint with these claims (issuer and audience come from the hub's config). */
export interface TokenCommandOptions {
  agency: string;
  scopes: Scope[];
  subject?: string;
  region?: string;
  expiresIn: string;
}

export type TokenArgs =
  | { kind: 'mint'; options: TokenCommandOptions }
  | { kind: 'help' }
  | { kind: 'usage-error'; message: string };

/** Reads the `token` command's arguments (without the command name); every problem is reported at once. */
export function parseTokenArgs(argv: string[]): TokenArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        agency: { type: 'string' },
        scope: { type: 'string', multiple: true },
        sub: { type: 'string' },
        region: { type: 'string' },
        ttl: { type: 'string', default: '8h' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    return usageError([(error as Error).message]);
  }
  if (values.help) return { kind: 'help' };

  const problems: string[] = [];
  const { agency, sub, region, ttl } = values;
  if (agency === undefined) problems.push(`--agency is required: ${AGENCY_FORMAT}`);
  else if (parseAgency(agency) === undefined) problems.push(`--agency must be ${AGENCY_FORMAT}`);

  // Repeating --scope or separating with commas is forgiven; a typo is not, since the verifier would drop it silently.
  const requested = (values.scope ?? []).flatMap((scope) => scope.split(/[\s,]+/)).filter((scope) => scope !== '');
  const unknown = requested.filter((scope) => !isScope(scope));
  if (requested.length === 0) problems.push(`--scope is required; valid scopes: ${SCOPES.join(' ')}`);
  else if (unknown.length > 0) problems.push(`unknown scope ${unknown.join(', ')}; valid scopes: ${SCOPES.join(' ')}`);

  if (sub !== undefined && sub.trim() === '') problems.push('--sub must not be empty');
  if (region !== undefined && !isRegionCode(region)) problems.push('--region must be a 6-digit administrative division code');
  if (parseDuration(ttl) === undefined) problems.push('--ttl must be a positive duration such as 90s, 30m, 8h or 7d');

  if (problems.length > 0 || agency === undefined) return usageError(problems);
  const options: TokenCommandOptions = { agency, scopes: [...new Set(requested.filter(isScope))], expiresIn: ttl };
  if (sub !== undefined) options.subject = sub;
  if (region !== undefined) options.region = region;
  return { kind: 'mint', options };
}

function usageError(problems: string[]): TokenArgs {
  return { kind: 'usage-error', message: `${problems.join('\n')}\n(see --help)` };
}
