import type { Logger } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import type { HubDatabase } from '../../schema/db/database.ts';
import * as tables from '../../schema/tables.ts';

/** A statement the gateway issued, as drizzle handed it to `pg`. */
export interface CapturedStatement {
  sql: string;
  params: unknown[];
}

/** A database handle whose statements can be recorded while one request runs. */
export interface CapturingDatabase {
  db: HubDatabase;
  pool: pg.Pool;
  /** The SELECT statements issued while `run` runs (nothing else may use the pool meanwhile). */
  record(run: () => Promise<unknown>): Promise<CapturedStatement[]>;
  close(): Promise<void>;
}

/**
 * The gateway's database as `openDatabase` opens it for production (a
 * 20-connection pool, migrations already applied), plus a query logger that
 * records only while asked to, so the plans shown are the SQL the gateway
 * really sent.
 */
export function openCapturingDatabase(url: string, poolSize = 20): CapturingDatabase {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle client cut off by the server (the benchmark drops its database at the end) must not crash the process.
  pool.on('error', () => {});
  let recording: CapturedStatement[] | null = null;
  const logger: Logger = {
    logQuery(sql, params) {
      if (recording && /^select\b/i.test(sql)) recording.push({ sql, params });
    },
  };
  return {
    db: drizzle(pool, { schema: tables, logger }) as unknown as HubDatabase,
    pool,
    async record(run) {
      recording = [];
      try {
        await run();
        return recording;
      } finally {
        recording = null;
      }
    },
    close: () => pool.end(),
  };
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  'Sort Method'?: string;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  Plans?: PlanNode[];
}

function describeNode(node: PlanNode): string {
  const on = node['Index Name'] ?? node['Relation Name'];
  const extras = [
    node['Sort Method'],
    `rows ${node['Actual Rows'] ?? 0}${(node['Actual Loops'] ?? 1) > 1 ? ` x${node['Actual Loops']}` : ''}`,
    node['Rows Removed by Filter'] ? `removed ${node['Rows Removed by Filter']}` : undefined,
  ].filter(Boolean);
  return `${node['Node Type']}${on ? ` ${on}` : ''} (${extras.join(', ')})`;
}

function flatten(node: PlanNode, depth = 0): string[] {
  return [`${'  '.repeat(depth)}${describeNode(node)}`, ...(node.Plans ?? []).flatMap((child) => flatten(child, depth + 1))];
}

/** The table a SELECT reads first, for a heading. */
function mainTable(sql: string): string {
  return /\bfrom "([a-z_]+)"/i.exec(sql)?.[1] ?? '?';
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) of each distinct statement, as short indented
 * plan trees: node type, index or table, actual rows and rows a filter threw
 * away, which is where a missing index shows.
 */
export async function explainStatements(pool: pg.Pool, statements: CapturedStatement[]): Promise<string[]> {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const statement of statements) {
    if (seen.has(statement.sql)) continue;
    seen.add(statement.sql);
    const { rows } = await pool.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode; 'Execution Time': number }> }>(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${statement.sql}`, statement.params);
    const [explained] = rows[0]!['QUERY PLAN'];
    const plan = explained!.Plan;
    const blocks = (plan['Shared Hit Blocks'] ?? 0) + (plan['Shared Read Blocks'] ?? 0);
    lines.push(`  ${mainTable(statement.sql)}: ${explained!['Execution Time'].toFixed(2)} ms, ${blocks} buffers`, ...flatten(plan).map((line) => `      ${line}`));
  }
  return lines;
}
