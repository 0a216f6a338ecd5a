import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { maskEventText, PHOTO_REF_PLACEHOLDER } from './mask-event-text.ts';

const ID = '510181197001101002';
const OTHER = '31010419830211141X';
const PHOTO = `sha256:${'ab'.repeat(32)}`;

const offender = {
  specversion: '1.0',
  id: 'e-1',
  source: '/police/510181/public-order',
  type: 'police.offender.penalized',
  subject: `person:${ID}`,
  data: { recordNo: 'GA-510181-0', idNumber: ID, name: '王伟', offenseCode: 'GA-YT', penalty: '行政拘留十日', photoRef: PHOTO, hospitalUscc: '1251018100010000XA' },
};

test('a police event: ID number and name masked as the gateway masks them, the photo reference replaced, the rest as sent', () => {
  const { text, idNumbers } = maskEventText(JSON.stringify(offender));
  assert.deepEqual(JSON.parse(text), {
    ...offender,
    subject: 'person:510181********1002',
    data: { ...offender.data, idNumber: '510181********1002', name: '王*', photoRef: PHOTO_REF_PLACEHOLDER },
  });
  assert.deepEqual(idNumbers, [ID]);
  for (const secret of [ID, '王伟', PHOTO]) assert.ok(!text.includes(secret), secret);
});

test('every sample police event comes out without its ID number, name or photo reference', () => {
  const lines = readFileSync(new URL('../../test/fixtures/samples/police.jsonl', import.meta.url), 'utf8').split('\n').filter(Boolean);
  assert.ok(lines.length > 0);
  for (const line of lines) {
    const event = JSON.parse(line);
    const { text } = maskEventText(line);
    const person = event.data.subject?.kind === 'person' ? event.data.subject : event.data;
    for (const secret of [person.idNumber, person.name, event.data.photoRef].filter((value) => typeof value === 'string')) assert.ok(!text.includes(secret), `${event.type}: ${secret}`);
  }
});

test('a person subject, names nested in lists, and an ID number sent as a bare number', () => {
  const { text, idNumbers } = maskEventText(`{"data":{"subject":{"kind":"person","idNumber":"${OTHER}","name":"欧阳娜娜"},"name":["张三","李四"],"idNumber":${ID},"note":${ID}}}`);
  assert.deepEqual(JSON.parse(text), { data: { subject: { kind: 'person', idNumber: '310104********141X', name: '欧***' }, name: ['张*', '李*'], idNumber: '510181********1002', note: '510181********1002' } });
  assert.deepEqual(idNumbers, [OTHER, ID]);
});

test('ID numbers in free text, in keys and under other keys are masked; invalid numbers are not anyone’s', () => {
  const wrongCheck = ID.slice(0, 17) + '9';
  const { text, idNumbers } = maskEventText(JSON.stringify({ summary: `举报人身份证${OTHER}`, [ID]: 1, other: wrongCheck, idNumber: wrongCheck }));
  assert.deepEqual(JSON.parse(text), { summary: '举报人身份证310104********141X', '510181********1002': 1, other: wrongCheck, idNumber: '510181********1009' });
  assert.deepEqual(idNumbers, [OTHER, ID]);
});

test('text that is not JSON: ID numbers anywhere, and what still reads as a personal key’s value, are masked', () => {
  const cutOff = `{"subject":"person:${ID}","data":{"idNumber":"${ID}","name" : "王\\"伟","photoRef":"${PHOTO}","penalty":"行政拘留`;
  const { text, idNumbers } = maskEventText(cutOff);
  assert.equal(text, `{"subject":"person:510181********1002","data":{"idNumber":"510181********1002","name" : "王***","photoRef":"${PHOTO_REF_PLACEHOLDER}","penalty":"行政拘留`);
  assert.deepEqual(idNumbers, [ID]);
  assert.deepEqual(maskEventText(`{"name":"王伟`), { text: '{"name":"王*', idNumbers: [] }, 'a value cut off is masked as far as it goes');
  assert.deepEqual(maskEventText('plain text'), { text: 'plain text', idNumbers: [] });
});

test('JSON that is not an object, and keys that are not the prototype’s', () => {
  assert.deepEqual(maskEventText(`"${ID}"`), { text: '"510181********1002"', idNumbers: [ID] });
  assert.deepEqual(maskEventText('[1.5,null,true]'), { text: '[1.5,null,true]', idNumbers: [] });
  const { text } = maskEventText('{"constructor":"x","__proto__":{"name":"张三"}}');
  assert.equal(text, '{"constructor":"x","__proto__":{"name":"张*"}}');
});
