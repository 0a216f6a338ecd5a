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
import { taxConnector as tax } from './connector.ts';

const samples = readSamples('tax');
const penalties = ofType(samples, 'tax.penalty.decided');
const ratings = ofType(samples, 'tax.credit.rated');
const [penalty] = penalties;
const [rating] = ratings;
const CATEGORY: Record<string, string> = { 'SW-TS': 'TAX_VIOLATION', 'SW-XKFP': 'TAX_VIOLATION' };

test('every tax sample is accepted and each type writes one row to its table', () => {
  assert.deepEqual(countByType(samples), { 'tax.credit.rated': 20, 'tax.penalty.decided': 3 });
  const table: Record<string, string> = { 'tax.penalty.decided': 'penalties', 'tax.credit.rated': 'taxRatings' };
  for (const event of samples) {
    const writes = accept(tax, event);
    assert.deepEqual(writes.map((w) => w.table), [table[event.type]], event.id);
    assertProvenance(writes[0]!.row, event);
  }
});

test('a tax penalty is an institution fine with the shared category and the fine as a string', () => {
  assertFields(singleRow(accept(tax, penalty!), 'penalties'), {
    department: 'tax', decisionNo: '税稽罚〔2026〕304号', resultKind: 'PENALTY', subjectKind: 'institution', subjectUscc: '9162080200010100XX',
    violationCode: 'SW-TS', category: 'TAX_VIOLATION', penaltyKinds: ['FINE'], amountYuan: '80400', publish: false,
    region: '620802', eventSource: '/tax/620802/inspection', eventId: 'b12f2060-66af-4400-a40b-a93abc4fba12', eventTime: new Date('2026-01-06T09:04:00.000Z'),
  });
  for (const event of penalties) {
    const row = singleRow(accept(tax, event), 'penalties');
    assertFields(row, {
      department: 'tax', decisionNo: event.data.decisionNo, subjectKind: 'institution', subjectUscc: event.data.uscc,
      violationCode: event.data.violationCode, category: CATEGORY[event.data.violationCode], amountYuan: String(event.data.fineYuan),
    });
    assertDate(row.decidedAt, event.data.decidedAt);
  }
  const published = variant(penalty!, (e) => { e.data.publish = true; e.data.fineYuan = 80400.25; });
  assertFields(singleRow(accept(tax, published), 'penalties'), { publish: true, amountYuan: '80400.25' });
});

test('a credit rating keeps the USCC, year and rating', () => {
  assert.deepEqual(singleRow(accept(tax, rating!), 'taxRatings'), {
    uscc: '1251018100010000XA', year: 2025, rating: 'A',
    region: '510181', eventSource: '/tax/510181/credit', eventId: '04b450d9-d460-49c1-a5d5-486df6ab164e', eventTime: new Date('2026-01-05T21:58:00.000Z'),
  });
  for (const event of ratings) {
    const row = singleRow(accept(tax, event), 'taxRatings');
    assertFields(row, { uscc: event.data.uscc, year: event.data.year, rating: event.data.rating });
    assert.match(row.rating, /^[ABMCD]$/);
  }
});

test('an unmapped violation code is accepted as OTHER with the code kept verbatim', () => {
  const event = variant(penalty!, (e) => { e.data.violationCode = 'SW-NEW-2027'; });
  assertFields(singleRow(accept(tax, event), 'penalties'), { violationCode: 'SW-NEW-2027', category: 'OTHER' });
  const marketCode = variant(penalty!, (e) => { e.data.violationCode = 'SJ-JGWF'; });
  assertFields(singleRow(accept(tax, marketCode), 'penalties'), { violationCode: 'SJ-JGWF', category: 'OTHER' });
});

test('a USCC with a wrong check character is INVALID_USCC', () => {
  for (const event of [penalty!, rating!]) {
    const bad = wrongUsccCheck(event.data.uscc);
    reject(tax, variant(event, (e) => { e.data.uscc = bad; e.subject = `institution:${bad}`; }), 'INVALID_USCC');
  }
});

test('a negative fine is NEGATIVE_AMOUNT; an impossible date is INVALID_DATE', () => {
  reject(tax, variant(penalty!, (e) => { e.data.fineYuan = -80400; }), 'NEGATIVE_AMOUNT');
  reject(tax, variant(penalty!, (e) => { e.data.decidedAt = IMPOSSIBLE_DATE_TIME; }), 'INVALID_DATE');
  reject(tax, variant(rating!, (e) => { e.time = '2025-02-29T12:00:00+08:00'; }), 'INVALID_DATE');
});

test('missing fields are MISSING_FIELD; wrong types and values outside enums or ranges are INVALID_FIELD', () => {
  reject(tax, variant(penalty!, (e) => { delete e.data.violationCode; }), 'MISSING_FIELD');
  reject(tax, variant(rating!, (e) => { delete e.data.year; }), 'MISSING_FIELD');
  reject(tax, variant(rating!, (e) => { delete e.data.rating; }), 'MISSING_FIELD');
  reject(tax, variant(rating!, (e) => { e.data.rating = 'E'; }), 'INVALID_FIELD');
  reject(tax, variant(rating!, (e) => { e.data.year = '2025'; }), 'INVALID_FIELD');
  reject(tax, variant(rating!, (e) => { e.data.year = 2025.5; }), 'INVALID_FIELD');
  reject(tax, variant(rating!, (e) => { e.data.year = 1999; }), 'INVALID_FIELD');
  reject(tax, variant(penalty!, (e) => { e.data.fineYuan = '80400'; }), 'INVALID_FIELD');
});

test('an envelope subject that does not name the institution in data is SUBJECT_MISMATCH', () => {
  reject(tax, variant(penalty!, (e) => { e.subject = 'institution:1251018100010000XA'; }), 'SUBJECT_MISMATCH');
  reject(tax, variant(rating!, (e) => { e.subject = 'institution:9162080200010100XX'; }), 'SUBJECT_MISMATCH');
});

test('another department\'s type on the tax topic is DEPARTMENT_MISMATCH; an unknown type is UNKNOWN_TYPE', () => {
  reject(tax, variant(penalty!, (e) => { e.type = 'market.penalty.decided'; }), 'DEPARTMENT_MISMATCH');
  reject(tax, variant(penalty!, (e) => { e.source = '/market/620802/inspection'; }), 'DEPARTMENT_MISMATCH');
  reject(tax, variant(rating!, (e) => { e.type = 'tax.credit.downgraded'; }), 'UNKNOWN_TYPE');
});
