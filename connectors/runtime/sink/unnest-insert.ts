import { getTableColumns, getTableName, type SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';

type Row = Record<string, unknown>;

export interface UnnestInsertOptions {
  conflictColumns: PgColumn[];
  /** `nothing`: keep the row already there. `newer`: replace it unless it is older by (event time, source, id). */
  onConflict: 'nothing' | 'newer';
  returning?: PgColumn[];
}

/** (event time, source, id) in byte order, the order `compareEventOrder` applies to a batch. */
const eventOrder = (row: SQL) => sql`(${row}.event_time, ${row}.event_source collate "C", ${row}.event_id collate "C")`;

/**
 * A multi-row insert that sends one array parameter per column and expands
 * it with `unnest`, instead of one parameter per value: a batch of thousands
 * of rows costs a handful of parameters, whatever its size. Values go
 * through each column's own driver mapping, so JSON, dates and numerics
 * arrive exactly as drizzle would send them.
 */
export function unnestInsert(table: PgTable, rows: Row[], options: UnnestInsertOptions): SQL {
  const columns = Object.entries(getTableColumns(table) as Record<string, PgColumn>).filter(([prop]) => rows.some((row) => row[prop] !== undefined));
  const arrays = columns.map(([prop, column]) =>
    sql`${sql.param(rows.map((row) => (row[prop] === undefined || row[prop] === null ? null : column.mapToDriverValue(row[prop]))))}::${sql.raw(column.getSQLType())}[]`,
  );
  const names = sql.join(columns.map(([, column]) => sql.identifier(column.name)), sql`, `);
  const target = sql.join(options.conflictColumns.map((column) => sql.identifier(column.name)), sql`, `);
  const keyNames = new Set(options.conflictColumns.map((column) => column.name));
  const conflict =
    options.onConflict === 'nothing'
      ? sql`do nothing`
      : sql`do update set ${sql.join(
          columns.filter(([, column]) => !keyNames.has(column.name)).map(([, column]) => sql`${sql.identifier(column.name)} = excluded.${sql.identifier(column.name)}`),
          sql`, `,
        )} where ${eventOrder(sql`${sql.identifier(getTableName(table))}`)} <= ${eventOrder(sql.raw('excluded'))}`;
  const returning = options.returning?.length ? sql` returning ${sql.join(options.returning.map((column) => sql.identifier(column.name)), sql`, `)}` : sql``;
  return sql`insert into ${table} (${names}) select * from unnest(${sql.join(arrays, sql`, `)}) on conflict (${target}) ${conflict}${returning}`;
}
