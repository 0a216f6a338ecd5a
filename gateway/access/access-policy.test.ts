import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Caller, Scope } from '../auth/caller.ts';
import { effectiveAccess, type AccessPolicySnapshot } from './access-policy.ts';

// Effective access under a loaded policy, with the clock frozen: the rule DESIGN.md states, case by case.

const NOW = Date.UTC(2026, 10, 25, 8, 0, 0);
const caller = (agency: string, scopes: Scope[]): Caller => ({
  subject: 'officer-1',
  agency,
  department: agency.split(':')[0] as Caller['department'],
  region: agency.split(':')[1]!,
  scopes: new Set(scopes),
  expiresAt: new Date(NOW + 3_600_000),
});
const policy = (patch: Partial<AccessPolicySnapshot> = {}): AccessPolicySnapshot => ({ version: 1, grantsByAgency: new Map(), suspendedAgencies: new Set(), ...patch });

test('without grants: the token scopes over the home region', () => {
  const access = effectiveAccess(caller('police:310104', ['clue:read']), policy(), NOW);
  assert.equal(access.suspended, false);
  assert.deepEqual(access.regionsFor('clue:read'), ['310104']);
  assert.deepEqual(access.regionsFor('result:read'), []);
  assert.equal(access.has('result:read'), false);
});

test('a grant adds its regions to a scope the token carries, and never a scope it lacks', () => {
  const grants = new Map([['police:310104', [{ scope: 'clue:read' as Scope, regions: ['510181', '310104'], expiresAt: new Date(NOW + 1) }, { scope: 'result:read' as Scope, regions: ['510000'], expiresAt: new Date(NOW + 1) }]]]);
  const access = effectiveAccess(caller('police:310104', ['clue:read']), policy({ grantsByAgency: grants }), NOW);
  assert.deepEqual(access.regionsFor('clue:read'), ['310104', '510181']);
  assert.deepEqual(access.regionsFor('result:read'), [], 'the token has no result:read');
  assert.equal(access.has('result:read'), false);
});

test('a grant counts until the millisecond before its expiry and not at it', () => {
  const expiresAt = new Date(NOW);
  const grants = new Map([['police:310104', [{ scope: 'clue:read' as Scope, regions: ['510181'], expiresAt }]]]);
  const who = caller('police:310104', ['clue:read']);
  assert.deepEqual(effectiveAccess(who, policy({ grantsByAgency: grants }), NOW - 1).regionsFor('clue:read'), ['310104', '510181']);
  assert.deepEqual(effectiveAccess(who, policy({ grantsByAgency: grants }), NOW).regionsFor('clue:read'), ['310104']);
});

test('grants belong to the agency named in the token, not to its region or department', () => {
  const grants = new Map([['police:310104', [{ scope: 'clue:read' as Scope, regions: ['510181'], expiresAt: new Date(NOW + 1) }]]]);
  assert.deepEqual(effectiveAccess(caller('health:310104', ['clue:read']), policy({ grantsByAgency: grants }), NOW).regionsFor('clue:read'), ['310104']);
});

test('a suspended agency has nothing, whatever its token and grants say; anonymous callers have no scope', () => {
  const grants = new Map([['police:310104', [{ scope: 'clue:read' as Scope, regions: ['510181'], expiresAt: new Date(NOW + 1) }]]]);
  const access = effectiveAccess(caller('police:310104', ['clue:read', 'steward']), policy({ grantsByAgency: grants, suspendedAgencies: new Set(['police:310104']) }), NOW);
  assert.equal(access.suspended, true);
  assert.equal(access.has('steward'), false);
  assert.deepEqual(access.regionsFor('clue:read'), []);
  const anonymous = effectiveAccess(null, policy(), NOW);
  assert.equal(anonymous.suspended, false);
  assert.equal(anonymous.has('clue:read'), false);
});
