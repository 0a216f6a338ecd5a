import type { HubDatabase } from '../../schema/db/database.ts';
import type { Scope } from '../auth/caller.ts';
import type { GatewayContext } from '../context.ts';
import type { SubjectKeys } from '../data/subject-condition.ts';
import { loadFactsPerSubject, subjectKey, type SubjectShape } from './subject-key.ts';

/**
 * Options of a list field on a subject holding one kind of fact: it needs
 * `scope`, reads the rows in the caller's regions for that scope with one
 * query per page of subjects, and deals them out per subject (with the
 * purpose the subject was reached under). For `t.loadableList`.
 */
export function subjectFactsField<Row, Type>(
  type: Type,
  scope: Scope,
  fetch: (db: HubDatabase, jurisdictions: readonly string[], subjects: SubjectKeys) => Promise<Row[]>,
  identifiersOf: (row: Row) => { uscc: string | null; idNumber: string | null },
) {
  return {
    type,
    nullable: true as const,
    authScopes: { scope },
    load: (keys: string[], context: GatewayContext) => loadFactsPerSubject(keys, (subjects) => fetch(context.db, context.access.regionsFor(scope), subjects), identifiersOf),
    resolve: (subject: SubjectShape) => subjectKey(subject),
  };
}

/** How clue, result and score rows name their subject. */
export const bySubjectColumns = (row: { subjectUscc: string | null; subjectIdNumber: string | null }) => ({ uscc: row.subjectUscc, idNumber: row.subjectIdNumber });
/** How directory-keyed rows (agreements, alerts, ratings) name their institution. */
export const byUscc = (row: { uscc: string }) => ({ uscc: row.uscc, idNumber: null });
