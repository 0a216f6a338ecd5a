import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkIdNumber, idNumberCheckCharacter, isIdNumber, maskIdNumber, maskName } from './id-number.ts';
import type { IdNumberProblem } from './id-number.ts';

const TODAY = new Date('2025-06-15T04:00:00Z'); // 2025-06-15 12:00 in Beijing
const CHECK_CHARACTERS = '0123456789X';

// The project's sample data, plus 11010519491231002X (北京市朝阳区), the GB 11643-1999 Appendix A example.
// Every one was re-verified by hand against the MOD 11-2 algorithm.
const VALID = ['510181197001101002', '31010419830211141X', '140404198103121329', '11010519491231002X'];

const withCheck = (first17: string): string => first17 + idNumberCheckCharacter(first17);
const check = (value: string) => checkIdNumber(value, TODAY);
const swapAt = (s: string, i: number): string => s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2);
const expectProblem = (problem: IdNumberProblem, values: string[]) => {
  for (const v of values) assert.deepEqual(check(v), { ok: false, problem }, JSON.stringify(v));
};

describe('checkIdNumber', () => {
  test('accepts published and sample numbers', () => {
    for (const id of VALID) {
      assert.deepEqual(check(id), { ok: true }, id);
      assert.equal(isIdNumber(id), true, id);
    }
  });

  test('rejects every one of the 10 wrong check characters', () => {
    for (const id of VALID) {
      const others = [...CHECK_CHARACTERS].filter((c) => c !== id[17]);
      assert.equal(others.length, 10);
      expectProblem('CHECK_CHARACTER', others.map((c) => id.slice(0, 17) + c));
    }
  });

  test('takes upper-case X only', () => {
    expectProblem('FORMAT', ['31010419830211141x', '11010519491231002x']);
  });

  test('detects every single-digit substitution in the first 17', () => {
    for (const id of VALID) {
      for (let i = 0; i < 17; i++) {
        for (const d of '0123456789') {
          if (d === id[i]) continue;
          assert.equal(check(id.slice(0, i) + d + id.slice(i + 1)).ok, false, `${id} @${i}=${d}`);
        }
      }
    }
  });

  test('detects every swap of two adjacent differing characters, the check character included', () => {
    for (const id of VALID) {
      for (let i = 0; i < 17; i++) {
        if (id[i] !== id[i + 1]) assert.equal(check(swapAt(id, i)).ok, false, swapAt(id, i));
      }
    }
    // A swap inside the 顺序码 leaves a well-formed number whose check character no longer matches.
    assert.deepEqual(check(swapAt('510181197001101002', 14)), { ok: false, problem: 'CHECK_CHARACTER' });
  });

  test('rejects wrong lengths, including 15-digit first-generation numbers and whitespace', () => {
    expectProblem('LENGTH', ['', '51018119700110100', '5101811970011010020', '510181700110100', ' 510181197001101002']);
  });

  test('rejects letters and look-alike digits in the body', () => {
    expectProblem('FORMAT', ['5101811970011010X2', 'A10181197001101002', '５10181197001101002', '510181-97001101002']);
  });

  test('rejects an address code outside any province, and 000000', () => {
    expectProblem('REGION', ['00018119700110100', '99018119700110100', '10010519491231002', '00000019700110100'].map(withCheck));
  });

  test('rejects birth dates that are not real calendar dates', () => {
    const dates = ['19830230', '19830229', '19000229', '21000229', '19831301', '19830001', '19830100', '19830431', '19830132'];
    expectProblem('BIRTH_DATE', dates.map((date) => withCheck(`310104${date}141`)));
  });

  test('accepts 29 February in leap years, century years divisible by 400 included', () => {
    for (const date of ['20000229', '19840229', '20240229']) {
      assert.deepEqual(check(withCheck(`310104${date}141`)), { ok: true }, date);
    }
  });

  test('rejects births before 1900, even the GB 11643 Appendix A example 440524188001010014', () => {
    assert.equal(idNumberCheckCharacter('44052418800101001'), '4'); // its check character is right
    expectProblem('BIRTH_DATE', ['440524188001010014', withCheck('31010418991231141')]);
    assert.deepEqual(check(withCheck('31010419000101141')), { ok: true });
  });

  test('rejects a birth date after today, taking today in Beijing time', () => {
    expectProblem('BIRTH_DATE', [withCheck('31010420250616141')]);
    assert.deepEqual(check(withCheck('31010420250615141')), { ok: true });
    // 16:30 UTC on 1 May is already 2 May in Beijing: a baby born on 2 May is not "in the future".
    const lateEvening = new Date('2024-05-01T16:30:00Z');
    assert.deepEqual(checkIdNumber(withCheck('31010420240502141'), lateEvening), { ok: true });
    assert.deepEqual(checkIdNumber(withCheck('31010420240503141'), lateEvening), { ok: false, problem: 'BIRTH_DATE' });
  });

  test('defaults today to the current time', () => {
    assert.deepEqual(checkIdNumber(withCheck('31010499991231141')), { ok: false, problem: 'BIRTH_DATE' });
    assert.deepEqual(checkIdNumber(VALID[0]!), { ok: true });
  });

  test('reports problems in order: LENGTH, FORMAT, REGION, BIRTH_DATE, CHECK_CHARACTER', () => {
    expectProblem('LENGTH', ['00000099999999X']);
    expectProblem('FORMAT', ['000181198302301X1x']);
    expectProblem('REGION', ['000181198302301410']);
    expectProblem('BIRTH_DATE', ['310104198302301410']);
  });
});

describe('idNumberCheckCharacter', () => {
  test('recomputes the check character of every valid number', () => {
    for (const id of VALID) assert.equal(idNumberCheckCharacter(id.slice(0, 17)), id[17]);
  });

  test('throws RangeError on anything but 17 ASCII digits', () => {
    for (const bad of ['', '5101811970011010', '510181197001101002', '5101811970011010X', '５1018119700110100']) {
      assert.throws(() => idNumberCheckCharacter(bad), RangeError, JSON.stringify(bad));
    }
  });
});

const cases = (fn: (s: string) => string, pairs: Array<[string, string]>) => {
  for (const [input, expected] of pairs) assert.equal(fn(input), expected, input);
};

describe('masking (脱敏)', () => {
  test('maskIdNumber keeps the address code and the last four, hides the birth date', () => {
    cases(maskIdNumber, [['510181197001101234', '510181********1234'], ['31010419830211141X', '310104********141X']]);
  });

  test('maskIdNumber hides everything when the value is not 18 characters, so nothing leaks', () => {
    cases(maskIdNumber, [['510181700110100', '***************'], ['', '']]);
  });

  test('maskName keeps the first character and stars each of the rest', () => {
    cases(maskName, [['张三', '张*'], ['欧阳', '欧*'], ['欧阳娜娜', '欧***'], ['张', '*'], ['', '']]);
  });

  test('maskName counts a rare character outside the BMP (𠮷) as one character', () => {
    cases(maskName, [['𠮷利', '𠮷*'], ['王𠮷', '王*'], ['𠮷', '*']]);
  });
});
