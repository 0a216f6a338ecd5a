import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  IMPOSSIBLE_DATE_TIME,
  accept,
  assertDate,
  assertFields,
  assertProvenance,
  countByType,
  ofType,
  readSamples,
  reject,
  singleRow,
  variant,
  wrongUsccCheck,
} from '../contract/test-helpers.ts';
import { healthConnector as health } from './connector.ts';

const samples = readSamples('health');
const [registered] = ofType(samples, 'health.institution.registered');
const [clue] = ofType(samples, 'health.clue.reported');
const [penalty] = ofType(samples, 'health.penalty.decided');
const [score] = ofType(samples, 'health.score.recorded');
const [inspector] = ofType(samples, 'health.inspector.registered');
const CATEGORY: Record<string, string> = { 'WJ-FFXY': 'ILLEGAL_PRACTICE', 'WJ-XJXC': 'FALSE_ADVERTISING' };
const institution = (uscc: string) => ({ subjectKind: 'institution', subjectUscc: uscc, subjectIdNumber: null, subjectName: null });

test('every health sample is accepted and each type writes one row to its table', () => {
  assert.deepEqual(countByType(samples), {
    'health.institution.registered': 20,
    'health.inspector.registered': 10,
    'health.clue.reported': 10,
    'health.inspection.completed': 7,
    'health.penalty.decided': 5,
    'health.score.recorded': 5,
    'health.case.transferred': 1,
  });
  const table: Record<string, string> = {
    'health.institution.registered': 'institutions',
    'health.inspector.registered': 'inspectors',
    'health.clue.reported': 'clues',
    'health.inspection.completed': 'inspections',
    'health.penalty.decided': 'penalties',
    'health.score.recorded': 'scoreRecords',
    'health.case.transferred': 'caseTransfers',
  };
  for (const event of samples) {
    const writes = accept(health, event);
    assert.deepEqual(writes.map((w) => w.table), [table[event.type]], event.id);
    assertProvenance(writes[0]!.row, event);
  }
});

test('a clue keeps the department, clue id, subject and the shared category of its code', () => {
  assert.deepEqual(singleRow(accept(health, clue!), 'clues'), {
    department: 'health', clueId: 'XS-510181-0', ...institution('1251018100010000XA'), violationCode: 'WJ-FFXY', category: 'ILLEGAL_PRACTICE',
    summary: '群众举报该机构聘用无资质人员开展诊疗', channel: 'COMPLAINT', targetDepartments: [],
    region: '510181', eventSource: '/health/510181/complaints', eventId: 'dbec9daa-2278-4e8b-add0-4f3ba2f36580', eventTime: new Date('2026-01-05T20:07:00.000Z'),
  });
  for (const event of ofType(samples, 'health.clue.reported')) {
    const row = singleRow(accept(health, event), 'clues');
    assertFields(row, { department: 'health', clueId: event.data.clueId, category: CATEGORY[event.data.violationCode], ...institution(event.data.subject.uscc) });
  }
});

test('institutions and inspectors keep their own region apart from the reporting region', () => {
  for (const event of ofType(samples, 'health.institution.registered')) {
    const row = singleRow(accept(health, event), 'institutions');
    const { region, ...rest } = event.data;
    assertFields(row, { ...rest, institutionRegion: region });
  }
  assertFields(singleRow(accept(health, inspector!), 'inspectors'), {
    inspectorId: '510181-I1', name: '陈军', agency: 'health:510181', inspectorRegion: '510181', certificateNo: 'WJZF5101811', avoidInstitutions: [],
  });
});

test('institution.changed and institution.revoked (no samples) map to the directory tables', () => {
  const changed = variant(registered!, (e) => { e.type = 'health.institution.changed'; e.data.address = '都江堰市人民路12号'; });
  assertFields(singleRow(accept(health, changed), 'institutions'), { uscc: '1251018100010000XA', address: '都江堰市人民路12号', institutionRegion: '510181' });
  const revoked = variant(registered!, (e) => {
    e.type = 'health.institution.revoked';
    e.data = { uscc: '1251018100010000XA', reason: '依法注销', revokedAt: '2026-03-01T10:00:00+08:00' };
  });
  const row = singleRow(accept(health, revoked), 'institutionRevocations');
  assertFields(row, { uscc: '1251018100010000XA', reason: '依法注销' });
  assertDate(row.revokedAt, '2026-03-01T02:00:00Z');
  assertProvenance(row, revoked);
});

test('penalties carry the category, the fine as a string and the decision date as a Date', () => {
  for (const event of ofType(samples, 'health.penalty.decided')) {
    const row = singleRow(accept(health, event), 'penalties');
    assertFields(row, {
      department: 'health', decisionNo: event.data.decisionNo, resultKind: 'PENALTY', ...institution(event.data.subject.uscc),
      violationCode: 'WJ-FFXY', category: 'ILLEGAL_PRACTICE', penaltyKinds: ['WARNING', 'FINE'], amountYuan: String(event.data.fineYuan), publish: true,
    });
    assertDate(row.decidedAt, event.data.decidedAt);
  }
  assert.equal(singleRow(accept(health, penalty!), 'penalties').amountYuan, '31000');
  const noBasis = variant(penalty!, (e) => { delete e.data.basis; e.data.fineYuan = 1234.5; });
  assertFields(singleRow(accept(health, noBasis), 'penalties'), { basis: null, amountYuan: '1234.5' });
});

test('a penalty against a person links the ID number and name, not a USCC', () => {
  const event = variant(penalty!, (e) => {
    e.subject = 'person:510181197001101002';
    e.data.subject = { kind: 'person', idNumber: '510181197001101002', name: '王伟' };
  });
  assertFields(singleRow(accept(health, event), 'penalties'), {
    subjectKind: 'person', subjectUscc: null, subjectIdNumber: '510181197001101002', subjectName: '王伟',
  });
});

test('inspections, scores and case transfers keep their key fields', () => {
  for (const event of ofType(samples, 'health.inspection.completed')) {
    assertFields(singleRow(accept(health, event), 'inspections'), {
      inspectionId: event.data.inspectionId, uscc: event.data.uscc, inspectorIds: event.data.inspectorIds, outcome: 'PASS', findings: [],
    });
  }
  assertFields(singleRow(accept(health, score!), 'scoreRecords'), { ...institution('9151018100010001X6'), points: 9, cycle: '2026' });
  const [transfer] = ofType(samples, 'health.case.transferred');
  assertFields(singleRow(accept(health, transfer!), 'caseTransfers'), {
    caseNo: 'YXXJ-510181-1', ...institution('9151018100010001X6'), violationCode: 'WJ-FFXY', category: 'ILLEGAL_PRACTICE', toAgency: 'police:510181',
  });
});

test('an unmapped violation code is accepted as OTHER with the code kept verbatim', () => {
  const newClue = variant(clue!, (e) => { e.data.violationCode = 'WJ-NEW-2027'; });
  assertFields(singleRow(accept(health, newClue), 'clues'), { violationCode: 'WJ-NEW-2027', category: 'OTHER' });
  // codes are per department: a police code in a health event is not borrowed
  const policeCode = variant(penalty!, (e) => { e.data.violationCode = 'GA-YT'; });
  assertFields(singleRow(accept(health, policeCode), 'penalties'), { violationCode: 'GA-YT', category: 'OTHER' });
});

test('a USCC with a wrong check character is INVALID_USCC, wherever it appears', () => {
  const bad = wrongUsccCheck('1251018100010000XA');
  reject(health, variant(registered!, (e) => { e.data.uscc = bad; e.subject = `institution:${bad}`; }), 'INVALID_USCC');
  reject(health, variant(clue!, (e) => { e.data.subject.uscc = bad; e.subject = `institution:${bad}`; }), 'INVALID_USCC');
  reject(health, variant(inspector!, (e) => { e.data.avoidInstitutions = [bad]; }), 'INVALID_USCC');
});

test('a negative fine is NEGATIVE_AMOUNT; an impossible date is INVALID_DATE', () => {
  reject(health, variant(penalty!, (e) => { e.data.fineYuan = -500; }), 'NEGATIVE_AMOUNT');
  assertFields(singleRow(accept(health, variant(penalty!, (e) => { e.data.fineYuan = 0; })), 'penalties'), { amountYuan: '0' });
  reject(health, variant(penalty!, (e) => { e.data.decidedAt = IMPOSSIBLE_DATE_TIME; }), 'INVALID_DATE');
  reject(health, variant(penalty!, (e) => { e.data.decidedAt = '2026-01-05'; }), 'INVALID_DATE');
  reject(health, variant(clue!, (e) => { e.time = '2026-02-29T08:00:00Z'; }), 'INVALID_DATE');
});

test('a missing required field is MISSING_FIELD', () => {
  reject(health, variant(penalty!, (e) => { delete e.data.decisionNo; }), 'MISSING_FIELD');
  reject(health, variant(clue!, (e) => { delete e.data.summary; }), 'MISSING_FIELD');
  reject(health, variant(registered!, (e) => { delete e.data.licenseNo; }), 'MISSING_FIELD');
  reject(health, variant(score!, (e) => { delete e.data.subject; }), 'MISSING_FIELD');
});

test('a wrong type or a value outside its enum or range is INVALID_FIELD', () => {
  reject(health, variant(penalty!, (e) => { e.data.fineYuan = '31000'; }), 'INVALID_FIELD');
  reject(health, variant(penalty!, (e) => { e.data.penaltyKinds = ['PUBLIC_SHAMING']; }), 'INVALID_FIELD');
  reject(health, variant(clue!, (e) => { e.data.channel = 'EMAIL'; }), 'INVALID_FIELD');
  reject(health, variant(registered!, (e) => { e.data.kind = 'SPA'; }), 'INVALID_FIELD');
  reject(health, variant(score!, (e) => { e.data.points = 13; }), 'INVALID_FIELD');
  reject(health, variant(inspector!, (e) => { e.data.agency = 'health-510181'; }), 'INVALID_FIELD');
});

test('an envelope subject that does not name the subject in data is SUBJECT_MISMATCH', () => {
  reject(health, variant(clue!, (e) => { e.subject = 'institution:9151018100010002X7'; }), 'SUBJECT_MISMATCH');
  reject(health, variant(registered!, (e) => { e.subject = 'person:510181197001101002'; }), 'SUBJECT_MISMATCH');
  reject(health, variant(inspector!, (e) => { e.subject = 'inspector:510181-I2'; }), 'SUBJECT_MISMATCH');
});

test('another department\'s type on the health topic is DEPARTMENT_MISMATCH; an unknown type is UNKNOWN_TYPE', () => {
  reject(health, variant(clue!, (e) => { e.type = 'police.clue.reported'; }), 'DEPARTMENT_MISMATCH');
  reject(health, variant(clue!, (e) => { e.source = '/market/510181/complaints'; }), 'DEPARTMENT_MISMATCH');
  reject(health, variant(clue!, (e) => { e.type = 'health.clue.withdrawn'; }), 'UNKNOWN_TYPE');
});
