import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cityOf, isRegionCode, provinceOf, regionCovers } from './region-code.ts';

// Province-level prefixes of GB/T 2260, written out rather than derived from the implementation.
const PROVINCES = [
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
  50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82,
];

describe('isRegionCode', () => {
  test('accepts real codes from the sample data and 000000 for 全国', () => {
    for (const code of ['510181', '620802', '140404', '310104', '110105', '350100', '510000', '000000']) {
      assert.equal(isRegionCode(code), true, code);
    }
  });

  test('accepts exactly the 34 province-level prefixes', () => {
    assert.equal(PROVINCES.length, 34);
    for (let p = 0; p < 100; p++) {
      const code = `${String(p).padStart(2, '0')}0101`;
      assert.equal(isRegionCode(code), PROVINCES.includes(p), code);
    }
  });

  test('rejects anything but exactly six ASCII digits', () => {
    for (const value of ['', '51018', '5101810', '51018A', ' 510181', '510181\n', '５10181', '51 181', '-51018']) {
      assert.equal(isRegionCode(value), false, JSON.stringify(value));
    }
  });
});

describe('provinceOf and cityOf', () => {
  test('roll a county up to its province and prefecture', () => {
    assert.equal(provinceOf('510181'), '510000');
    assert.equal(cityOf('510181'), '510100');
    assert.equal(provinceOf('110105'), '110000');
    assert.equal(cityOf('110105'), '110100');
  });

  test('are idempotent on codes already at that level', () => {
    assert.equal(provinceOf('510000'), '510000');
    assert.equal(cityOf('510100'), '510100');
    assert.equal(cityOf('510000'), '510000');
    assert.equal(provinceOf('000000'), '000000');
  });

  test('throw RangeError on an invalid code', () => {
    for (const bad of ['', '001234', '51018', 'abcdef']) {
      assert.throws(() => provinceOf(bad), RangeError, bad);
      assert.throws(() => cityOf(bad), RangeError, bad);
    }
  });
});

describe('regionCovers', () => {
  test('000000 (全国) covers every valid code, itself included', () => {
    for (const region of ['000000', '110000', '510181', '820000', '650102']) {
      assert.equal(regionCovers('000000', region), true, region);
    }
  });

  test('a province covers everything under it and nothing else', () => {
    assert.equal(regionCovers('510000', '510000'), true);
    assert.equal(regionCovers('510000', '510100'), true);
    assert.equal(regionCovers('510000', '510181'), true);
    assert.equal(regionCovers('510000', '513200'), true);
    assert.equal(regionCovers('510000', '500101'), false);
    assert.equal(regionCovers('510000', '000000'), false);
  });

  test('a city covers its counties but not its siblings or its province', () => {
    assert.equal(regionCovers('510100', '510100'), true);
    assert.equal(regionCovers('510100', '510181'), true);
    assert.equal(regionCovers('510100', '510104'), true);
    assert.equal(regionCovers('510100', '510700'), false);
    assert.equal(regionCovers('510100', '510781'), false);
    assert.equal(regionCovers('510100', '510000'), false);
    assert.equal(regionCovers('110100', '110105'), true); // 北京市市辖区, a 直辖市's city-level code
  });

  test('a county covers only itself', () => {
    assert.equal(regionCovers('510181', '510181'), true);
    assert.equal(regionCovers('510181', '510182'), false);
    assert.equal(regionCovers('510181', '510100'), false);
    assert.equal(regionCovers('510181', '510000'), false);
  });

  test('fails closed: an invalid code on either side covers nothing', () => {
    assert.equal(regionCovers('000000', '001234'), false);
    assert.equal(regionCovers('000000', ''), false);
    assert.equal(regionCovers('', '510181'), false);
    assert.equal(regionCovers('510000', '51018'), false);
    assert.equal(regionCovers('51', '510181'), false);
    assert.equal(regionCovers('990000', '990101'), false);
  });
});
