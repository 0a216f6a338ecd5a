import { sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { HubDatabase } from '../../schema/db/database.ts';
import {
  cluesTable,
  institutionsTable,
  insuranceAgreementsTable,
  insuranceAlertsTable,
  offenderRecordsTable,
  penaltiesTable,
  scoreRecordsTable,
  taxRatingsTable,
} from '../../schema/tables.ts';
import { benchRows } from './bench-rows.ts';
import { buildWorld, type BenchWorld } from './bench-world.ts';

/** How much to seed; every field has a command-line flag of the same name in kebab case. */
export interface SeedSizes {
  institutions: number;
  people: number;
  clues: number;
  penalties: number;
  offenders: number;
  scoreRecords: number;
  alerts: number;
  /** Tax ratings per institution, one per year back from 2025. */
  taxYears: number;
  seed: number;
}

/** About a mid-sized province's worth of supervision data. */
export const DEFAULT_SEED_SIZES: SeedSizes = {
  institutions: 5_000,
  people: 20_000,
  clues: 100_000,
  penalties: 30_000,
  offenders: 5_000,
  scoreRecords: 20_000,
  alerts: 10_000,
  taxYears: 3,
  seed: 20261101,
};

const FLAG_OF = (field: string) => field.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

/** `parseArgs` options for the seed sizes (`--clues 100000`, `--score-records 20000`, ...). */
export const seedFlags = Object.fromEntries(Object.keys(DEFAULT_SEED_SIZES).map((field) => [FLAG_OF(field), { type: 'string' as const }]));

/** Usage lines for the seed flags, with their defaults. */
export const seedFlagsHelp = Object.entries(DEFAULT_SEED_SIZES).map(([field, value]) => `  --${FLAG_OF(field)} ${value}`);

/** The sizes the flags ask for; throws naming every flag that is not a whole number. */
export function seedSizesFrom(values: Record<string, unknown>): SeedSizes {
  const problems: string[] = [];
  const sizes = Object.fromEntries(
    Object.entries(DEFAULT_SEED_SIZES).map(([field, fallback]) => {
      const raw = values[FLAG_OF(field)];
      const value = raw === undefined ? fallback : Number(raw);
      if (!Number.isSafeInteger(value) || value < 0) problems.push(`--${FLAG_OF(field)} must be a whole number, got ${String(raw)}`);
      return [field, value];
    }),
  ) as unknown as SeedSizes;
  if (problems.length > 0) throw new RangeError(problems.join('; '));
  return sizes;
}

/** Rows per INSERT statement, and statements in flight (the seeding pool holds 5 connections). */
const CHUNK = 1_000;
const LANES = 3;

/** Inserts `count` generated rows, `CHUNK` per statement, `LANES` statements at a time, reporting progress. */
async function insertChunked<Row>(db: HubDatabase, table: PgTable, label: string, count: number, rowAt: (i: number) => Row, say: (text: string) => void): Promise<void> {
  const started = performance.now();
  const inFlight = new Set<Promise<void>>();
  let reported = 0;
  for (let start = 0; start < count; start += CHUNK) {
    const rows = Array.from({ length: Math.min(CHUNK, count - start) }, (_, k) => rowAt(start + k));
    const insert: Promise<void> = db
      .insert(table)
      .values(rows as never)
      .then(() => void inFlight.delete(insert));
    inFlight.add(insert);
    if (inFlight.size >= LANES) await Promise.race(inFlight);
    if (start + CHUNK - reported >= count / 4 && start + CHUNK < count) {
      reported = start + CHUNK;
      say(`  ${label} ${reported.toLocaleString('en')} / ${count.toLocaleString('en')} ...`);
    }
  }
  await Promise.all(inFlight);
  say(`  ${label} ${count.toLocaleString('en')} rows in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * Seeds the benchmark's world into a migrated database with multi-row
 * inserts, then VACUUM ANALYZE, so the planner sees the real row counts the
 * way a long-running hub's statistics would. Returns the world, whose
 * identifiers the benchmark queries by.
 */
export async function seedBenchData(db: HubDatabase, sizes: SeedSizes, say: (text: string) => void): Promise<BenchWorld> {
  const started = performance.now();
  const world = buildWorld(sizes);
  const rows = benchRows(world);
  const { institutions } = world;
  say(`seeding ${institutions.length} institutions and ${world.people.length} people over 20 counties (seed ${sizes.seed}) ...`);
  await insertChunked(db, institutionsTable, 'institutions', institutions.length, (i) => rows.institution(institutions[i]!, i), say);
  await insertChunked(db, cluesTable, 'clues', sizes.clues, rows.clue, say);
  await insertChunked(db, penaltiesTable, 'penalties', sizes.penalties, rows.penalty, say);
  await insertChunked(db, scoreRecordsTable, 'score records', sizes.scoreRecords, rows.scoreRecord, say);
  await insertChunked(db, offenderRecordsTable, 'offender records', sizes.offenders, rows.offenderRecord, say);
  // Most institutions hold one designated-provider agreement; pharmacies and clinics sometimes none.
  const insured = institutions.filter((_, i) => i % 7 !== 3);
  await insertChunked(db, insuranceAgreementsTable, 'insurance agreements', insured.length, (i) => rows.insuranceAgreement(insured[i]!, i), say);
  await insertChunked(db, insuranceAlertsTable, 'insurance alerts', sizes.alerts, rows.insuranceAlert, say);
  const years = sizes.taxYears;
  await insertChunked(db, taxRatingsTable, 'tax ratings', institutions.length * years, (i) => rows.taxRating(institutions[Math.floor(i / years)]!, 2025 - (i % years), i), say);
  say('  vacuum analyze ...');
  await db.execute(sql`vacuum analyze`);
  say(`seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return world;
}
