import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  IMPOSSIBLE_DATE_TIME,
  type SampleEvent,
  accept,
  assertDate,
  assertFields,
  assertProvenance,
  countByType,
  decode,
  ofType,
  readSamples,
  reject,
  singleRow,
  variant,
  wrongIdCheck,
  wrongUsccCheck,
} from '../contract/test-helpers.ts';
import type { DeadLetterCode } from '../errors.ts';
import { policeConnector as police } from './connector.ts';

const samples = readSamples('police');
const offenders = ofType(samples, 'police.offender.penalized');
const [offender] = offenders;
const [accepted] = ofType(samples, 'police.case.accepted');
const [clue] = ofType(samples, 'police.clue.reported');
const CATEGORY: Record<string, string> = { 'GA-YT': 'TOUT', 'GA-HFZ': 'SCALPER', 'GA-YN': 'MEDICAL_DISTURBANCE' };

test('every police sample is accepted and each type writes one row to its table', () => {
  assert.deepEqual(countByType(samples), { 'police.offender.penalized': 15, 'police.case.accepted': 1, 'police.clue.reported': 1 });
  const table: Record<string, string> = { 'police.offender.penalized': 'offenderRecords', 'police.case.accepted': 'caseAcceptances', 'police.clue.reported': 'clues' };
  for (const event of samples) {
    const writes = accept(police, event);
    assert.deepEqual(writes.map((w) => w.table), [table[event.type]], event.id);
    assertProvenance(writes[0]!.row, event);
  }
});

test('an offender record keeps the identity, the shared category of the offence and the decision date', () => {
  assert.deepEqual(singleRow(accept(police, offender!), 'offenderRecords'), {
    recordNo: 'GA-510181-0', idNumber: '510181197001101002', name: '王伟', violationCode: 'GA-YT', category: 'TOUT', penalty: '行政拘留十日',
    decidedAt: new Date('2026-01-08T02:23:00.000Z'), photoRef: 'sha256:86e541bfd90b1bb7f7d8932b4b56742cc89fcdba8fdf8599ca65555e31c2fc5f', hospitalUscc: '1251018100010000XA',
    region: '510181', eventSource: '/police/510181/public-order', eventId: '991ed9e4-fbdd-4b04-aaf9-cbbfc72b1303', eventTime: new Date('2026-01-08T03:00:00.000Z'),
  });
  const seen = new Set<string>();
  for (const event of offenders) {
    const row = singleRow(accept(police, event), 'offenderRecords');
    assertFields(row, { recordNo: event.data.recordNo, idNumber: event.data.idNumber, name: event.data.name, violationCode: event.data.offenseCode, category: CATEGORY[event.data.offenseCode] });
    assertDate(row.decidedAt, event.data.decidedAt);
    seen.add(row.category);
  }
  assert.deepEqual([...seen].sort(), ['MEDICAL_DISTURBANCE', 'SCALPER', 'TOUT']);
});

test('an offender record without photo or hospital stores nulls', () => {
  const bare = variant(offender!, (e) => { delete e.data.photoRef; delete e.data.hospitalUscc; });
  assertFields(singleRow(accept(police, bare), 'offenderRecords'), { photoRef: null, hospitalUscc: null });
});

test('a case acceptance links the transferred case number to the police case', () => {
  assert.deepEqual(singleRow(accept(police, accepted!), 'caseAcceptances'), {
    caseNo: 'YXXJ-510181-1', policeCaseNo: 'GAJ-510181-2026-001', acceptedAt: new Date('2026-01-08T21:30:00.000Z'),
    region: '510181', eventSource: '/police/510181/case-intake', eventId: '1d928980-1ff6-4481-a3c8-0a8e428070c0', eventTime: new Date('2026-01-08T22:07:00.000Z'),
  });
});

test('a police clue about a person links ID number and name under department police', () => {
  assertFields(singleRow(accept(police, clue!), 'clues'), {
    department: 'police', clueId: 'GAXS-510181-1', subjectKind: 'person', subjectUscc: null, subjectIdNumber: '510181197001101002', subjectName: '王伟',
    violationCode: 'GA-FFXY', category: 'ILLEGAL_PRACTICE', channel: 'REFERRAL', targetDepartments: ['health'],
  });
});

test('an unmapped offence code is accepted as OTHER with the code kept verbatim', () => {
  const event = variant(offender!, (e) => { e.data.offenseCode = 'GA-NEW-2027'; });
  assertFields(singleRow(accept(police, event), 'offenderRecords'), { violationCode: 'GA-NEW-2027', category: 'OTHER' });
  const healthCode = variant(clue!, (e) => { e.data.violationCode = 'WJ-FFXY'; });
  assertFields(singleRow(accept(police, healthCode), 'clues'), { violationCode: 'WJ-FFXY', category: 'OTHER' });
});

/** An offender event whose ID number is replaced, with the envelope subject kept in step. */
const withIdNumber = (idNumber: unknown) => variant(offender!, (e) => { e.data.idNumber = idNumber; e.subject = `person:${String(idNumber)}`; });

test('an ID number with a wrong check character or an impossible birth date is INVALID_ID_NUMBER', () => {
  reject(police, withIdNumber(wrongIdCheck('510181197001101002')), 'INVALID_ID_NUMBER');
  reject(police, withIdNumber('510181197002301002'), 'INVALID_ID_NUMBER'); // born 30 February
  reject(police, withIdNumber('31010419830211141x'), 'INVALID_ID_NUMBER'); // lower-case x
  const badClue = variant(clue!, (e) => { e.data.subject.idNumber = wrongIdCheck(e.data.subject.idNumber); e.subject = `person:${e.data.subject.idNumber}`; });
  reject(police, badClue, 'INVALID_ID_NUMBER');
});

test('a hospital USCC with a wrong check character is INVALID_USCC', () => {
  reject(police, variant(offender!, (e) => { e.data.hospitalUscc = wrongUsccCheck(e.data.hospitalUscc); }), 'INVALID_USCC');
});

test('impossible dates, missing fields and wrong values are refused with their codes', () => {
  reject(police, variant(offender!, (e) => { e.data.decidedAt = IMPOSSIBLE_DATE_TIME; }), 'INVALID_DATE');
  reject(police, variant(accepted!, (e) => { e.data.acceptedAt = '2026-04-31T10:00:00Z'; }), 'INVALID_DATE');
  reject(police, variant(offender!, (e) => { delete e.data.name; }), 'MISSING_FIELD');
  reject(police, variant(accepted!, (e) => { delete e.data.policeCaseNo; }), 'MISSING_FIELD');
  reject(police, variant(offender!, (e) => { e.data.photoRef = 'md5:0123'; }), 'INVALID_FIELD');
  reject(police, withIdNumber(510181197001101002), 'INVALID_FIELD'); // a number, not a string
  reject(police, variant(clue!, (e) => { e.data.channel = 'RUMOUR'; }), 'INVALID_FIELD');
});

test('an envelope subject naming another person is SUBJECT_MISMATCH', () => {
  reject(police, variant(offender!, (e) => { e.subject = 'person:510181197102111015'; }), 'SUBJECT_MISMATCH');
  reject(police, variant(clue!, (e) => { e.subject = 'institution:1251018100010000XA'; }), 'SUBJECT_MISMATCH');
});

test('another department\'s type on the police topic is DEPARTMENT_MISMATCH; an unknown type is UNKNOWN_TYPE', () => {
  reject(police, variant(clue!, (e) => { e.type = 'health.clue.reported'; }), 'DEPARTMENT_MISMATCH');
  reject(police, variant(offender!, (e) => { e.source = '/health/510181/public-order'; }), 'DEPARTMENT_MISMATCH');
  reject(police, variant(offender!, (e) => { e.type = 'police.offender.pardoned'; }), 'UNKNOWN_TYPE');
});

test('a refused offender event never has its ID number or name in the reason', () => {
  const id = '510181197001101002';
  const name = '王伟';
  const cases: [SampleEvent, DeadLetterCode][] = [
    [withIdNumber(wrongIdCheck(id)), 'INVALID_ID_NUMBER'],
    [withIdNumber('510181197002301002'), 'INVALID_ID_NUMBER'],
    [withIdNumber(Number(id)), 'INVALID_FIELD'],
    [variant(offender!, (e) => { e.data.name = 12345; }), 'INVALID_FIELD'],
    [variant(offender!, (e) => { e.data.name = name.repeat(40); }), 'INVALID_FIELD'],
    [variant(offender!, (e) => { e.data.name = '   '; }), 'INVALID_FIELD'],
    [variant(offender!, (e) => { delete e.data.recordNo; e.data.decidedAt = IMPOSSIBLE_DATE_TIME; }), 'INVALID_DATE'],
    [variant(offender!, (e) => { e.subject = 'person:510181197102111015'; }), 'SUBJECT_MISMATCH'],
    [variant(offender!, (e) => { e.subject = `person:${name} ${id}`; }), 'INVALID_FIELD'],
    [variant(offender!, (e) => { e.time = `${id}`; }), 'INVALID_DATE'],
    [variant(offender!, (e) => { e.type = `police.offender.${name}`; }), 'UNKNOWN_TYPE'],
  ];
  for (const [event, code] of cases) {
    const reason = reject(police, event, code);
    for (const personal of [id, name, id.slice(6, 14), String(event.data.idNumber)]) {
      assert.ok(!reason.includes(personal), `${code} reason "${reason}" reveals ${personal}`);
    }
  }
  // the refusal names the field and the rule instead
  const result = decode(police, withIdNumber(wrongIdCheck(id)));
  assert.ok(!result.accepted && result.reason.includes('data.idNumber'));
});
