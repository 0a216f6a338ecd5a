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
import { marketConnector as market } from './connector.ts';

const samples = readSamples('market');
const penalties = ofType(samples, 'market.penalty.decided');
const licenses = ofType(samples, 'market.license.changed');
const [penalty] = penalties;
const [license] = licenses;
const CATEGORY: Record<string, string> = { 'SJ-XJGG': 'FALSE_ADVERTISING', 'SJ-JGWF': 'PRICE_VIOLATION', 'SJ-YPZL': 'DRUG_DEVICE_QUALITY' };

test('every market sample is accepted and each type writes one row to its table', () => {
  assert.deepEqual(countByType(samples), { 'market.penalty.decided': 4, 'market.license.changed': 3 });
  const table: Record<string, string> = { 'market.penalty.decided': 'penalties', 'market.license.changed': 'businessLicenses' };
  for (const event of samples) {
    const writes = accept(market, event);
    assert.deepEqual(writes.map((w) => w.table), [table[event.type]], event.id);
    assertProvenance(writes[0]!.row, event);
  }
});

test('a market penalty is an institution penalty with the shared category and the fine as a string', () => {
  assertFields(singleRow(accept(market, penalty!), 'penalties'), {
    department: 'market', decisionNo: '市监处罚〔2026〕202号', resultKind: 'PENALTY', subjectKind: 'institution', subjectUscc: '9151018100010002X7',
    violationCode: 'SJ-YPZL', category: 'DRUG_DEVICE_QUALITY', penaltyKinds: ['FINE'], amountYuan: '51000', publish: true,
    region: '510181', eventSource: '/market/510181/ad-monitor', eventId: 'aacd99e3-d467-4fcb-af2f-345e8636d17a', eventTime: new Date('2026-01-06T02:17:00.000Z'),
  });
  const categories = new Set<string>();
  for (const event of penalties) {
    const row = singleRow(accept(market, event), 'penalties');
    assertFields(row, {
      department: 'market', decisionNo: event.data.decisionNo, subjectKind: 'institution', subjectUscc: event.data.uscc,
      violationCode: event.data.violationCode, category: CATEGORY[event.data.violationCode], amountYuan: String(event.data.fineYuan),
    });
    assert.equal(row.subjectIdNumber ?? null, null);
    assertDate(row.decidedAt, event.data.decidedAt);
    categories.add(row.category);
  }
  assert.deepEqual([...categories].sort(), ['DRUG_DEVICE_QUALITY', 'FALSE_ADVERTISING', 'PRICE_VIOLATION']);
  assert.equal(singleRow(accept(market, ofType(samples, 'market.penalty.decided')[1]!), 'penalties').amountYuan, '53500');
});

test('a penalty without kinds or publish flag defaults to a fine that is not published', () => {
  const bare = variant(penalty!, (e) => { delete e.data.penaltyKinds; delete e.data.publish; e.data.fineYuan = 999.99; });
  assertFields(singleRow(accept(market, bare), 'penalties'), { penaltyKinds: ['FINE'], publish: false, amountYuan: '999.99' });
  const kinds = variant(penalty!, (e) => { e.data.penaltyKinds = ['CONFISCATION', 'FINE']; });
  assertFields(singleRow(accept(market, kinds), 'penalties'), { penaltyKinds: ['CONFISCATION', 'FINE'] });
});

test('a licence change keeps the USCC, status and reason', () => {
  assert.deepEqual(singleRow(accept(market, license!), 'businessLicenses'), {
    uscc: '9151018100010003X8', status: 'ABNORMAL', reason: '未按时公示年度报告',
    region: '510181', eventSource: '/market/510181/registry', eventId: '90bc6f44-0351-41aa-a8b5-d569e6fff226', eventTime: new Date('2026-01-06T04:08:00.000Z'),
  });
  for (const event of licenses) {
    assertFields(singleRow(accept(market, event), 'businessLicenses'), { uscc: event.data.uscc, status: 'ABNORMAL' });
  }
  const noReason = variant(license!, (e) => { e.data.status = 'NORMAL'; delete e.data.reason; });
  assertFields(singleRow(accept(market, noReason), 'businessLicenses'), { status: 'NORMAL', reason: null });
});

test('an unmapped violation code is accepted as OTHER with the code kept verbatim', () => {
  const event = variant(penalty!, (e) => { e.data.violationCode = 'SJ-NEW-2027'; });
  assertFields(singleRow(accept(market, event), 'penalties'), { violationCode: 'SJ-NEW-2027', category: 'OTHER' });
  const healthCode = variant(penalty!, (e) => { e.data.violationCode = 'WJ-XJXC'; });
  assertFields(singleRow(accept(market, healthCode), 'penalties'), { violationCode: 'WJ-XJXC', category: 'OTHER' });
});

test('a USCC with a wrong check character is INVALID_USCC', () => {
  const bad = wrongUsccCheck('9151018100010002X7');
  reject(market, variant(penalty!, (e) => { e.data.uscc = bad; e.subject = `institution:${bad}`; }), 'INVALID_USCC');
  const badLicense = wrongUsccCheck('9151018100010003X8');
  reject(market, variant(license!, (e) => { e.data.uscc = badLicense; e.subject = `institution:${badLicense}`; }), 'INVALID_USCC');
});

test('a negative fine is NEGATIVE_AMOUNT; an impossible date is INVALID_DATE', () => {
  reject(market, variant(penalty!, (e) => { e.data.fineYuan = -0.01; }), 'NEGATIVE_AMOUNT');
  reject(market, variant(penalty!, (e) => { e.data.decidedAt = IMPOSSIBLE_DATE_TIME; }), 'INVALID_DATE');
  reject(market, variant(license!, (e) => { e.time = '2026-06-31T00:00:00Z'; }), 'INVALID_DATE');
});

test('missing fields are MISSING_FIELD; wrong types and values outside enums are INVALID_FIELD', () => {
  reject(market, variant(penalty!, (e) => { delete e.data.decisionNo; }), 'MISSING_FIELD');
  reject(market, variant(penalty!, (e) => { delete e.data.fineYuan; }), 'MISSING_FIELD');
  reject(market, variant(license!, (e) => { delete e.data.status; }), 'MISSING_FIELD');
  reject(market, variant(penalty!, (e) => { e.data.fineYuan = '51000'; }), 'INVALID_FIELD');
  reject(market, variant(penalty!, (e) => { e.data.penaltyKinds = ['IMPRISONMENT']; }), 'INVALID_FIELD');
  reject(market, variant(penalty!, (e) => { e.data.penaltyKinds = []; }), 'INVALID_FIELD');
  reject(market, variant(penalty!, (e) => { e.data.publish = 'yes'; }), 'INVALID_FIELD');
  reject(market, variant(license!, (e) => { e.data.status = 'SUSPENDED'; }), 'INVALID_FIELD');
});

test('an envelope subject that does not name the institution in data is SUBJECT_MISMATCH', () => {
  reject(market, variant(penalty!, (e) => { e.subject = 'institution:9151018100010003X8'; }), 'SUBJECT_MISMATCH');
  reject(market, variant(license!, (e) => { e.subject = 'person:510181197001101002'; }), 'SUBJECT_MISMATCH');
});

test('another department\'s type on the market topic is DEPARTMENT_MISMATCH; an unknown type is UNKNOWN_TYPE', () => {
  reject(market, variant(penalty!, (e) => { e.type = 'tax.penalty.decided'; }), 'DEPARTMENT_MISMATCH');
  reject(market, variant(penalty!, (e) => { e.source = '/health/510181/ad-monitor'; }), 'DEPARTMENT_MISMATCH');
  reject(market, variant(penalty!, (e) => { e.type = 'market.penalty.revoked'; }), 'UNKNOWN_TYPE');
});
