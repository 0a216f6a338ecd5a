import assert from 'node:assert/strict';
import { test } from 'node:test';
import { idNumberCheckCharacter } from './id-number.ts';
import { idNumbersIn, maskIdNumbersIn } from './id-numbers-in-text.ts';

const withCheck = (first17: string): string => first17 + idNumberCheckCharacter(first17);
const DUJIANGYAN = '510181197001101002';
const SHANGHAI = '31010419830211141X';
const wrongCheck = DUJIANGYAN.slice(0, 17) + '9';

test('masks every valid ID number in text, wherever letters or punctuation touch it', () => {
  assert.equal(maskIdNumbersIn(`person:${DUJIANGYAN}`), 'person:510181********1002');
  assert.equal(maskIdNumbersIn(`身份证号${DUJIANGYAN}，另有${SHANGHAI}`), '身份证号510181********1002，另有310104********141X');
  assert.equal(maskIdNumbersIn(`ID${DUJIANGYAN}x`), 'ID510181********1002x');
  assert.equal(maskIdNumbersIn(`{"subject":"${DUJIANGYAN}"}`), '{"subject":"510181********1002"}');
});

test('a lower-case x is still a check character', () => {
  assert.equal(maskIdNumbersIn(SHANGHAI.toLowerCase()), '310104********141x');
  assert.deepEqual(idNumbersIn(`a ${SHANGHAI.toLowerCase()} b`), [SHANGHAI]);
});

test('leaves what is no one’s number: a wrong check character, an impossible date, a longer run of digits', () => {
  const impossibleDate = withCheck('51018119701301100');
  for (const text of [wrongCheck, impossibleDate, `9${DUJIANGYAN}`, `${DUJIANGYAN}7`, 'offset 123456789012345678']) {
    assert.equal(maskIdNumbersIn(text), text, text);
    assert.deepEqual(idNumbersIn(text), [], text);
  }
});

test('a known ID number is masked even inside a longer run of digits', () => {
  assert.equal(maskIdNumbersIn(`9${DUJIANGYAN}7`, [DUJIANGYAN]), '9510181********10027');
  assert.equal(maskIdNumbersIn('nothing here', ['']), 'nothing here');
});

test('idNumbersIn lists each valid number once, in the order they first appear', () => {
  assert.deepEqual(idNumbersIn(`${SHANGHAI} ${DUJIANGYAN} ${wrongCheck} ${SHANGHAI}`), [SHANGHAI, DUJIANGYAN]);
});
