import type { SubjectKind } from '../../schema/tables/provenance.ts';
import type { Purpose } from '../access/purpose.ts';
import type { SubjectKeys } from '../data/subject-condition.ts';

/** Who a record is about, and the purpose stated by the query that reached it (carried down so nested people unmask only under it). */
export interface SubjectShape {
  kind: SubjectKind;
  uscc: string | null;
  idNumber: string | null;
  /** A person's name as the reaching record gives it. */
  name: string | null;
  /** The record the subject was reached through, for audit entries. */
  recordId: string;
  purpose: Purpose | null;
}

/** A record handed to GraphQL with the purpose it was reached under. */
export type WithPurpose<Row> = Row & { purpose: Purpose | null };

/** The dataloader key of a subject: its identifier plus the purpose, so two purposes in one request never share rows. */
export function subjectKey(subject: SubjectShape): string {
  return JSON.stringify([subject.kind, subject.kind === 'institution' ? subject.uscc : subject.idNumber, subject.purpose?.basis ?? null, subject.purpose?.reference ?? null]);
}

interface ParsedSubjectKey {
  kind: SubjectKind;
  identifier: string;
  purpose: Purpose | null;
}

function parseSubjectKey(key: string): ParsedSubjectKey {
  const [kind, identifier, basis, reference] = JSON.parse(key) as [SubjectKind, string, Purpose['basis'] | null, string | null];
  return { kind, identifier, purpose: basis && reference !== null ? { basis, reference } : null };
}

/**
 * Loads one kind of fact for a batch of subject keys with one query (which
 * keeps the newest 50 per subject), and deals the rows back out per key,
 * newest first, each with its key's purpose.
 */
export async function loadFactsPerSubject<Row>(
  keys: readonly string[],
  fetch: (subjects: SubjectKeys) => Promise<Row[]>,
  identifiersOf: (row: Row) => { uscc: string | null; idNumber: string | null },
): Promise<Array<Array<WithPurpose<Row>>>> {
  const parsed = keys.map(parseSubjectKey);
  const subjects: SubjectKeys = {
    usccs: [...new Set(parsed.filter((p) => p.kind === 'institution').map((p) => p.identifier))],
    idNumbers: [...new Set(parsed.filter((p) => p.kind === 'person').map((p) => p.identifier))],
  };
  const rows = await fetch(subjects);
  const bySubject = new Map<string, Row[]>();
  for (const row of rows) {
    const { uscc, idNumber } = identifiersOf(row);
    for (const key of [uscc && `institution:${uscc}`, idNumber && `person:${idNumber}`]) {
      if (!key) continue;
      const list = bySubject.get(key);
      if (list) list.push(row);
      else bySubject.set(key, [row]);
    }
  }
  return parsed.map(({ kind, identifier, purpose }) => (bySubject.get(`${kind}:${identifier}`) ?? []).map((row) => ({ ...row, purpose })));
}

/** The subject of a clue, result or score record, reached under `purpose`. */
export function subjectOfRecord(
  row: { subjectKind: SubjectKind; subjectUscc: string | null; subjectIdNumber: string | null; subjectName: string | null },
  recordId: string,
  purpose: Purpose | null,
): SubjectShape {
  return { kind: row.subjectKind, uscc: row.subjectUscc, idNumber: row.subjectIdNumber, name: row.subjectName, recordId, purpose };
}

/** A person reached by the ID number a caller gave, under the purpose it stated (or none: masked). */
export function personSubject(idNumber: string, purpose: Purpose | null): SubjectShape {
  return { kind: 'person', uscc: null, idNumber, name: null, recordId: `person:${idNumber}`, purpose };
}
