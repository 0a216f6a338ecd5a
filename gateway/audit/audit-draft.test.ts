import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditDraft, STEWARD_REGION_KEY, type AuditActor } from './audit-draft.ts';

const officer: AuditActor = { actor: 'officer-0042', agency: 'police:510181', operation: 'Identify', requestId: 'req-1' };

test('a read: who, what, whose data and why; no detail when there is none', () => {
  const draft = auditDraft(officer, {
    action: 'UNMASKED_READ',
    fieldPath: 'PersonIdentity.idNumber person.identity.idNumber',
    recordId: 'offender_records:510181/GA-1',
    subjectIdNumber: '510181197001101002',
    purpose: { basis: 'CASE_INVESTIGATION', reference: 'AJ-1' },
  });
  assert.deepEqual(draft, {
    action: 'UNMASKED_READ',
    actor: 'officer-0042',
    agency: 'police:510181',
    operation: 'Identify',
    fieldPath: 'PersonIdentity.idNumber person.identity.idNumber',
    recordId: 'offender_records:510181/GA-1',
    purposeBasis: 'CASE_INVESTIGATION',
    purposeReference: 'AJ-1',
    requestId: 'req-1',
    subjectIdNumber: '510181197001101002',
  });
});

test('a steward’s entry carries its region in the detail, under the key auditLog reads', () => {
  const steward: AuditActor = { actor: 'steward-cd', agency: 'health:510000', operation: 'Grant', requestId: 'req-2', stewardRegion: '510100' };
  const draft = auditDraft(steward, { action: 'STEWARD_CHANGE', fieldPath: 'grantAccess', recordId: 'access_grants:7', detail: { agency: 'police:310104' } });
  assert.equal(STEWARD_REGION_KEY, 'stewardRegion');
  assert.deepEqual(draft.detail, { agency: 'police:310104', stewardRegion: '510100' });
  assert.equal(draft.subjectIdNumber, null);
  assert.equal(draft.purposeBasis, null);
  // The command has no region: its entries are for national stewards only.
  assert.deepEqual(auditDraft({ ...officer, stewardRegion: null }, { action: 'STEWARD_CHANGE', fieldPath: 'replay-dead-letters', recordId: 'dead_letters:1', detail: { replayed: {} } }).detail, { replayed: {} });
});
