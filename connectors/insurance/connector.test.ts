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
import { insuranceConnector as insurance } from './connector.ts';

const samples = readSamples('insurance');
const frauds = ofType(samples, 'insurance.fraud.confirmed');
const agreements = ofType(samples, 'insurance.agreement.changed');
const alerts = ofType(samples, 'insurance.alert.raised');
const [fraud] = frauds;
const [agreement] = agreements;
const [alert] = alerts;
const CATEGORY: Record<string, string> = { 'YB-XJZY': 'INSURANCE_FRAUD', 'YB-GC': 'INSURANCE_FRAUD', 'YB-CHYP': 'INSURANCE_FRAUD' };

test('every insurance sample is accepted and each type writes one row to its table', () => {
  assert.deepEqual(countByType(samples), { 'insurance.alert.raised': 4, 'insurance.fraud.confirmed': 5, 'insurance.agreement.changed': 5 });
  const table: Record<string, string> = {
    'insurance.fraud.confirmed': 'penalties',
    'insurance.agreement.changed': 'insuranceAgreements',
    'insurance.alert.raised': 'insuranceAlerts',
  };
  for (const event of samples) {
    const writes = accept(insurance, event);
    assert.deepEqual(writes.map((w) => w.table), [table[event.type]], event.id);
    assertProvenance(writes[0]!.row, event);
  }
});

test('confirmed fraud is a FRAUD_CONFIRMED result with the defrauded amount as a string', () => {
  assertFields(singleRow(accept(insurance, fraud!), 'penalties'), {
    department: 'insurance', decisionNo: 'YBJG-510181-3', resultKind: 'FRAUD_CONFIRMED', subjectKind: 'institution', subjectUscc: '9151018100010003X8',
    violationCode: 'YB-XJZY', category: 'INSURANCE_FRAUD', penaltyKinds: [], amountYuan: '129000', publish: false,
    region: '510181', eventSource: '/insurance/510181/fund-audit', eventId: '5e903abe-4959-4ad8-a1a3-c207fef9c001', eventTime: new Date('2026-01-06T05:22:00.000Z'),
  });
  for (const event of frauds) {
    const row = singleRow(accept(insurance, event), 'penalties');
    assertFields(row, {
      department: 'insurance', decisionNo: event.data.caseNo, resultKind: 'FRAUD_CONFIRMED', subjectUscc: event.data.uscc,
      violationCode: event.data.violationCode, category: CATEGORY[event.data.violationCode], amountYuan: String(event.data.amountYuan),
    });
    assertDate(row.decidedAt, event.data.decidedAt);
  }
  const published = variant(fraud!, (e) => { e.data.publish = true; e.data.amountYuan = 8800.5; });
  assertFields(singleRow(accept(insurance, published), 'penalties'), { publish: true, amountYuan: '8800.5' });
});

test('an agreement change keeps the USCC, agreement number, status and reason', () => {
  assert.deepEqual(singleRow(accept(insurance, agreement!), 'insuranceAgreements'), {
    uscc: '9151018100010003X8', agreementNo: 'DD5101813', status: 'SUSPENDED', reason: '涉嫌欺诈骗保，暂停医保结算',
    region: '510181', eventSource: '/insurance/510181/agreements', eventId: 'cf3609eb-d340-41d6-ad25-8ba7444c2891', eventTime: new Date('2026-01-06T05:59:00.000Z'),
  });
  for (const event of agreements) {
    assertFields(singleRow(accept(insurance, event), 'insuranceAgreements'), { uscc: event.data.uscc, agreementNo: event.data.agreementNo, status: 'SUSPENDED' });
  }
  const restored = variant(agreement!, (e) => { e.data.status = 'RESTORED'; delete e.data.reason; });
  assertFields(singleRow(accept(insurance, restored), 'insuranceAgreements'), { status: 'RESTORED', reason: null });
});

test('an alert keeps its id, rule, score and billing period (period dates stay YYYY-MM-DD strings)', () => {
  for (const event of alerts) {
    assertFields(singleRow(accept(insurance, event), 'insuranceAlerts'), {
      alertId: event.data.alertId, uscc: event.data.uscc, rule: '同一患者短期内重复住院', score: 0.82, periodStart: '2026-01-01', periodEnd: '2026-01-31',
    });
  }
  const oneDay = variant(alert!, (e) => { e.data.periodEnd = e.data.periodStart; });
  assertFields(singleRow(accept(insurance, oneDay), 'insuranceAlerts'), { periodStart: '2026-01-01', periodEnd: '2026-01-01' });
});

test('an unmapped fraud code is accepted as OTHER with the code kept verbatim', () => {
  const event = variant(fraud!, (e) => { e.data.violationCode = 'YB-NEW-2027'; });
  assertFields(singleRow(accept(insurance, event), 'penalties'), { violationCode: 'YB-NEW-2027', category: 'OTHER' });
});

test('a USCC with a wrong check character is INVALID_USCC', () => {
  for (const event of [fraud!, agreement!, alert!]) {
    const bad = wrongUsccCheck(event.data.uscc);
    reject(insurance, variant(event, (e) => { e.data.uscc = bad; e.subject = `institution:${bad}`; }), 'INVALID_USCC');
  }
});

test('a negative defrauded amount is NEGATIVE_AMOUNT; impossible dates are INVALID_DATE', () => {
  reject(insurance, variant(fraud!, (e) => { e.data.amountYuan = -129000; }), 'NEGATIVE_AMOUNT');
  reject(insurance, variant(fraud!, (e) => { e.data.decidedAt = IMPOSSIBLE_DATE_TIME; }), 'INVALID_DATE');
  reject(insurance, variant(alert!, (e) => { e.data.periodEnd = '2026-02-30'; }), 'INVALID_DATE');
  reject(insurance, variant(alert!, (e) => { e.data.periodStart = '2026-1-1'; }), 'INVALID_DATE');
});

test('missing fields are MISSING_FIELD; wrong types, values outside enums or ranges are INVALID_FIELD', () => {
  reject(insurance, variant(fraud!, (e) => { delete e.data.caseNo; }), 'MISSING_FIELD');
  reject(insurance, variant(agreement!, (e) => { delete e.data.agreementNo; }), 'MISSING_FIELD');
  reject(insurance, variant(alert!, (e) => { delete e.data.periodEnd; }), 'MISSING_FIELD');
  reject(insurance, variant(fraud!, (e) => { e.data.amountYuan = '129000'; }), 'INVALID_FIELD');
  reject(insurance, variant(agreement!, (e) => { e.data.status = 'CANCELLED'; }), 'INVALID_FIELD');
  reject(insurance, variant(alert!, (e) => { e.data.score = 1.2; }), 'INVALID_FIELD');
  const reason = reject(insurance, variant(alert!, (e) => { e.data.periodStart = '2026-02-01'; }), 'INVALID_FIELD');
  assert.match(reason, /data\.periodEnd/);
});

test('an envelope subject that does not name the institution in data is SUBJECT_MISMATCH', () => {
  reject(insurance, variant(fraud!, (e) => { e.subject = 'institution:1251018100010000XA'; }), 'SUBJECT_MISMATCH');
  reject(insurance, variant(agreement!, (e) => { e.subject = 'institution:1251018100010000XA'; }), 'SUBJECT_MISMATCH');
  reject(insurance, variant(alert!, (e) => { e.subject = 'institution:9151018100010003X8'; }), 'SUBJECT_MISMATCH');
});

test('another department\'s type on the insurance topic is DEPARTMENT_MISMATCH; an unknown type is UNKNOWN_TYPE', () => {
  reject(insurance, variant(fraud!, (e) => { e.type = 'market.penalty.decided'; }), 'DEPARTMENT_MISMATCH');
  reject(insurance, variant(fraud!, (e) => { e.source = '/tax/510181/fund-audit'; }), 'DEPARTMENT_MISMATCH');
  reject(insurance, variant(fraud!, (e) => { e.type = 'insurance.fraud.suspected'; }), 'UNKNOWN_TYPE');
});
