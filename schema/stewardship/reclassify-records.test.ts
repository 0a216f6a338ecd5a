import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getTableColumns, getTableName, is } from 'drizzle-orm';
import { PgTable, type PgColumn } from 'drizzle-orm/pg-core';
import * as tables from '../tables.ts';
import { violationTables } from './reclassify-records.ts';

test('re-classification covers every table that stores a violation code and its category', () => {
  const withViolation = Object.values(tables)
    .filter((table) => is(table, PgTable))
    .filter((table) => Object.values(getTableColumns(table) as Record<string, PgColumn>).some((column) => column.name === 'violation_code'))
    .map((table) => getTableName(table))
    .sort();
  assert.deepEqual(violationTables.map(({ table }) => getTableName(table)).sort(), withViolation);
  assert.ok(withViolation.length >= 4);
});
