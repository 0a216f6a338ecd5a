import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TOKEN_HELP, parseTokenArgs } from './token-command.ts';

function usageMessage(argv: string[]): string {
  const parsed = parseTokenArgs(argv);
  assert.equal(parsed.kind, 'usage-error');
  return parsed.kind === 'usage-error' ? parsed.message : '';
}

describe('parseTokenArgs', () => {
  it('reads agency and scopes, with an 8 h default lifetime', () => {
    assert.deepEqual(parseTokenArgs(['--agency', 'police:510181', '--scope', 'clue:read identity:read']), {
      kind: 'mint',
      options: { agency: 'police:510181', scopes: ['clue:read', 'identity:read'], expiresIn: '8h' },
    });
  });

  it('reads every option, repeated --scope and commas included', () => {
    const parsed = parseTokenArgs([
      '--agency=health:510181', '--scope', 'clue:read,clue:write', '--scope', 'clue:read inspection:draw',
      '--sub', 'officer-0042', '--region', '510100', '--ttl', '30m',
    ]);
    assert.deepEqual(parsed, {
      kind: 'mint',
      options: { agency: 'health:510181', scopes: ['clue:read', 'clue:write', 'inspection:draw'], subject: 'officer-0042', region: '510100', expiresIn: '30m' },
    });
  });

  it('answers --help', () => {
    assert.deepEqual(parseTokenArgs(['--help']), { kind: 'help' });
    assert.deepEqual(parseTokenArgs(['-h']), { kind: 'help' });
    assert.match(TOKEN_HELP, /--agency/);
  });

  it('requires agency and scope, reporting both at once', () => {
    const message = usageMessage([]);
    assert.match(message, /--agency is required/);
    assert.match(message, /--scope is required/);
  });

  it('names an unknown scope and lists the valid ones', () => {
    const message = usageMessage(['--agency', 'police:510181', '--scope', 'clue:read admin']);
    assert.match(message, /unknown scope admin/);
    assert.match(message, /clue:read clue:write result:read credit:read identity:read identity:photo inspection:draw steward/);
  });

  it('refuses bad values', () => {
    assert.match(usageMessage(['--agency', 'army:510181', '--scope', 'clue:read']), /--agency must be/);
    assert.match(usageMessage(['--agency', 'police:510181', '--scope', 'clue:read', '--region', '99']), /--region/);
    assert.match(usageMessage(['--agency', 'police:510181', '--scope', 'clue:read', '--ttl', 'forever']), /--ttl/);
    assert.match(usageMessage(['--agency', 'police:510181', '--scope', 'clue:read', '--sub', ' ']), /--sub/);
  });

  it('refuses unknown options and stray arguments', () => {
    assert.match(usageMessage(['--agency', 'police:510181', '--scope', 'clue:read', '--admin']), /--admin/);
    assert.match(usageMessage(['--agency', 'police:510181', '--scope', 'clue:read', 'extra']), /extra/);
    assert.match(usageMessage(['--agency']), /--agency/);
  });
});
