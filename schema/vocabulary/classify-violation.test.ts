import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { isDepartment } from './categories.ts';
import { classifyViolation } from './classify-violation.ts';

const publishedCodes = JSON.parse(
  readFileSync(new URL('../../test/fixtures/samples/department-codes.json', import.meta.url), 'utf8'),
) as Record<string, Record<string, string>>;

test('every code the departments publish maps onto a shared category other than OTHER', () => {
  let checked = 0;
  for (const [department, codes] of Object.entries(publishedCodes)) {
    if (department.startsWith('_')) continue;
    assert.ok(isDepartment(department), `unknown department ${department}`);
    for (const code of Object.keys(codes)) {
      const result = classifyViolation(department, code);
      assert.equal(result.mapped, true, `${department} ${code} is unmapped`);
      assert.notEqual(result.category, 'OTHER');
      checked++;
    }
  }
  assert.equal(checked, 25);
});

test('codes land on the categories their wording names', () => {
  assert.equal(classifyViolation('police', 'GA-YT').category, 'TOUT');
  assert.equal(classifyViolation('police', 'GA-HFZ').category, 'SCALPER');
  assert.equal(classifyViolation('police', 'GA-YN').category, 'MEDICAL_DISTURBANCE');
  assert.equal(classifyViolation('market', 'SJ-XJGG').category, 'FALSE_ADVERTISING');
  assert.equal(classifyViolation('health', 'WJ-XJXC').category, 'FALSE_ADVERTISING');
  assert.equal(classifyViolation('insurance', 'YB-GC').category, 'INSURANCE_FRAUD');
  assert.equal(classifyViolation('tax', 'SW-XKFP').category, 'TAX_VIOLATION');
});

test('an unknown code is kept as OTHER and flagged unmapped', () => {
  assert.deepEqual(classifyViolation('health', 'WJ-NEW-2027'), { category: 'OTHER', mapped: false });
  // a code from another department's list is not borrowed
  assert.deepEqual(classifyViolation('tax', 'WJ-FFXY'), { category: 'OTHER', mapped: false });
});
