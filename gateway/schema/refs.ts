import type { ClueRecord } from '../data/clues.ts';
import type { ResultRecord } from '../data/results.ts';
import type { OffenderRecord, ScoreRecord } from '../data/subject-facts.ts';
import { builder } from './builder.ts';
import type { SubjectShape, WithPurpose } from './subject-key.ts';

// Object types that refer to each other (a clue has a subject, a subject has clues) are declared here
// and implemented in types/, so each file can import the others without a cycle in their types.

export const SubjectRef = builder.objectRef<SubjectShape>('Subject');
export const ClueRef = builder.objectRef<WithPurpose<ClueRecord>>('Clue');
export const ResultRef = builder.objectRef<WithPurpose<ResultRecord>>('Result');
export const ScoreRecordRef = builder.objectRef<WithPurpose<ScoreRecord>>('ScoreRecord');
export const PoliceRecordRef = builder.objectRef<WithPurpose<OffenderRecord>>('PoliceRecord');
