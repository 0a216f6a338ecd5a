import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkUscc, isUscc, usccCheckCharacter, usccRegion } from './uscc.ts';
import type { UsccProblem } from './uscc.ts';

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

// The project's sample data, plus 91350100M000100Y43, the example code most often quoted
// (福州, region 350100). Every one was re-verified by hand against the GB 32100 algorithm.
const VALID = [
  '1251018100010000XA',
  '9151018100010001X6',
  '9162080200010100XX',
  '1214040400010303XK',
  '91350100M000100Y43',
];

const withCheck = (first17: string): string => first17 + usccCheckCharacter(first17);
const swapAt = (s: string, i: number): string => s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2);
const expectProblem = (problem: UsccProblem, values: string[]) => {
  for (const v of values) assert.deepEqual(checkUscc(v), { ok: false, problem }, JSON.stringify(v));
};

describe('checkUscc', () => {
  test('accepts published and sample codes', () => {
    for (const code of VALID) {
      assert.deepEqual(checkUscc(code), { ok: true }, code);
      assert.equal(isUscc(code), true, code);
    }
  });

  test('rejects every one of the 30 wrong check characters', () => {
    for (const code of VALID) {
      const others = [...ALPHABET].filter((c) => c !== code[17]);
      assert.equal(others.length, 30);
      expectProblem('CHECK_CHARACTER', others.map((c) => code.slice(0, 17) + c));
    }
  });

  test('detects every single-character substitution in the first 17', () => {
    for (const code of VALID) {
      for (let i = 0; i < 17; i++) {
        for (const c of ALPHABET) {
          if (c === code[i]) continue;
          const altered = code.slice(0, i) + c + code.slice(i + 1);
          assert.equal(isUscc(altered), false, altered);
        }
      }
    }
  });

  test('detects every swap of two adjacent differing characters, the check character included', () => {
    let swaps = 0;
    for (const code of VALID) {
      for (let i = 0; i < 17; i++) {
        if (code[i] === code[i + 1]) continue;
        assert.equal(checkUscc(swapAt(code, i)).ok, false, swapAt(code, i));
        swaps++;
      }
    }
    assert.ok(swaps > 60);
    // A swap inside the subject identifier is a pure check-character failure.
    expectProblem('CHECK_CHARACTER', [swapAt('9151018100010001X6', 15)]);
  });

  test('is case-sensitive: lower case is an alphabet error, not silently accepted', () => {
    expectProblem('ALPHABET', ['1251018100010000Xa', '1251018100010000xA', '91350100m000100y43']);
  });

  test('rejects wrong lengths, including surrounding whitespace', () => {
    expectProblem('LENGTH', ['', '1251018100010000X', '1251018100010000XA0', ' 1251018100010000XA', '1251018100010000XA\n']);
  });

  test('rejects the forbidden letters I, O, S, V, Z anywhere', () => {
    const code = VALID[0]!;
    for (const letter of 'IOSVZ') {
      expectProblem('ALPHABET', [0, 1, 5, 8, 16, 17].map((i) => code.slice(0, i) + letter + code.slice(i + 1)));
    }
  });

  test('rejects other symbols and full-width look-alikes', () => {
    expectProblem('ALPHABET', ['1251018100010000X-', '12510181000１0000XA', '1251018100010000XÅ']);
  });

  test('rejects a registering authority outside any province, even with a correct check character', () => {
    expectProblem('REGION', ['1200181000010000X', '1299018100010000X', '12510A8100010000X'].map(withCheck));
  });

  test('reports problems in order: LENGTH, ALPHABET, REGION, CHECK_CHARACTER', () => {
    expectProblem('LENGTH', ['IOSVZ']);
    expectProblem('ALPHABET', ['1200018100010000XI']);
    expectProblem('REGION', ['1200018100010000X0']);
  });

  // GB/T 2260 has no province 10, but national registration authorities write 100000 in these places.
  test('accepts national registrations (登记机关 100000), e.g. 中国医疗保健国际交流促进会', () => {
    assert.deepEqual(checkUscc('51100000500012681T'), { ok: true });
    assert.deepEqual(checkUscc('51100000500002862F'), { ok: true });
  });
});

describe('usccCheckCharacter', () => {
  test('recomputes the check character of every valid code', () => {
    for (const code of VALID) assert.equal(usccCheckCharacter(code.slice(0, 17)), code[17]);
  });

  test('gives 0, not an empty string, when the weighted sum is a multiple of 31', () => {
    // Constructed, not published: the weighted sum of 1251018100010010X is 1085 = 35 × 31.
    assert.equal(usccCheckCharacter('1251018100010010X'), '0');
    assert.equal(isUscc('1251018100010010X0'), true);
  });

  test('throws RangeError on anything but 17 alphabet symbols', () => {
    for (const bad of ['', '1251018100010000', '1251018100010000XA', '1251018100010000x', '125101810001000OX']) {
      assert.throws(() => usccCheckCharacter(bad), RangeError, JSON.stringify(bad));
    }
  });
});

describe('usccRegion', () => {
  test('returns characters 3–8, the registering authority region', () => {
    assert.equal(usccRegion('1251018100010000XA'), '510181');
    assert.equal(usccRegion('9162080200010100XX'), '620802');
    assert.equal(usccRegion('91350100M000100Y43'), '350100');
  });

  test('throws RangeError on a value that is not 18 characters', () => {
    assert.throws(() => usccRegion('125101'), RangeError);
    assert.throws(() => usccRegion(''), RangeError);
  });
});
