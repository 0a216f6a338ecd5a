import { cluesAboutSubjects } from '../../data/clues.ts';
import { resultsAboutSubjects } from '../../data/results.ts';
import { insuranceAgreementsOf, insuranceAlertsAbout, scoreRecordsAbout, taxRatingsOf } from '../../data/subject-facts.ts';
import { badUserInput } from '../../errors.ts';
import { builder } from '../builder.ts';
import { checkedIdNumber, checkedPurpose, checkedUscc, PurposeInput } from '../inputs.ts';
import { loadFactsPerSubject, personSubject, subjectKey, type SubjectShape } from '../subject-key.ts';
import { InsuranceAgreement, InsuranceAlert } from './insurance.ts';
import { institutionByUscc } from './institution.ts';
import { PersonIdentity } from './person-identity.ts';
import { TaxRating } from './credit.ts';
import { ClueRef, ResultRef, ScoreRecordRef, SubjectRef } from '../refs.ts';
import { policeRecordsOf } from './police-record.ts';
import { SubjectKindEnum } from './subject-field.ts';

const bySubjectColumns = (row: { subjectUscc: string | null; subjectIdNumber: string | null }) => ({ uscc: row.subjectUscc, idNumber: row.subjectIdNumber });
const byUscc = (row: { uscc: string }) => ({ uscc: row.uscc, idNumber: null });

/**
 * One subject across all five departments (一户一档): an institution or a
 * person. Each list needs its own scope and holds only rows in the caller's
 * regions for that scope (newest 50; the connections page through all).
 */
SubjectRef.implement({
  authScopes: { public: true },
  fields: (t) => ({
    kind: t.field({ type: SubjectKindEnum, resolve: (subject) => subject.kind }),
    uscc: t.exposeString('uscc', { nullable: true }),
    institution: t.loadable(institutionByUscc((subject: SubjectShape) => subject.uscc)),
    person: t.field({
      type: PersonIdentity,
      nullable: true,
      resolve: (subject) => (subject.kind === 'person' && subject.idNumber ? { idNumber: subject.idNumber, name: subject.name, recordId: subject.recordId, purpose: subject.purpose } : null),
    }),
    clues: t.loadableList({
      type: ClueRef,
      nullable: true,
      authScopes: { scope: 'clue:read' },
      load: (keys: string[], context) => loadFactsPerSubject(keys, (subjects) => cluesAboutSubjects(context.db, context.access.regionsFor('clue:read'), subjects), bySubjectColumns),
      resolve: (subject) => subjectKey(subject),
    }),
    results: t.loadableList({
      type: ResultRef,
      nullable: true,
      authScopes: { scope: 'result:read' },
      load: (keys: string[], context) => loadFactsPerSubject(keys, (subjects) => resultsAboutSubjects(context.db, context.access.regionsFor('result:read'), subjects), bySubjectColumns),
      resolve: (subject) => subjectKey(subject),
    }),
    scoreRecords: t.loadableList({
      type: ScoreRecordRef,
      nullable: true,
      authScopes: { scope: 'credit:read' },
      load: (keys: string[], context) => loadFactsPerSubject(keys, (subjects) => scoreRecordsAbout(context.db, context.access.regionsFor('credit:read'), subjects), bySubjectColumns),
      resolve: (subject) => subjectKey(subject),
    }),
    insuranceAgreements: t.loadableList({
      type: InsuranceAgreement,
      nullable: true,
      authScopes: { scope: 'result:read' },
      load: (keys: string[], context) => loadFactsPerSubject(keys, (subjects) => insuranceAgreementsOf(context.db, context.access.regionsFor('result:read'), subjects.usccs), byUscc),
      resolve: (subject) => subjectKey(subject),
    }),
    insuranceAlerts: t.loadableList({
      type: InsuranceAlert,
      nullable: true,
      authScopes: { scope: 'result:read' },
      load: (keys: string[], context) => loadFactsPerSubject(keys, (subjects) => insuranceAlertsAbout(context.db, context.access.regionsFor('result:read'), subjects.usccs), byUscc),
      resolve: (subject) => subjectKey(subject),
    }),
    taxRating: t.loadable({
      type: TaxRating,
      nullable: true,
      description: 'The latest year rated',
      authScopes: { scope: 'credit:read' },
      load: async (keys: string[], context) => (await loadFactsPerSubject(keys, (subjects) => taxRatingsOf(context.db, context.access.regionsFor('credit:read'), subjects.usccs), byUscc)).map((ratings) => ratings[0] ?? null),
      resolve: (subject) => subjectKey(subject),
    }),
    policeRecords: t.loadableList(policeRecordsOf),
  }),
});

builder.queryField('subject', (t) =>
  t.field({
    type: SubjectRef,
    nullable: true,
    description: 'One institution (uscc) or person (idNumber, with a purpose to unmask) across all departments',
    authScopes: { public: true },
    args: { uscc: t.arg.string(), idNumber: t.arg.string(), purpose: t.arg({ type: PurposeInput }) },
    resolve: (_root, args) => {
      if ((args.uscc == null) === (args.idNumber == null)) throw badUserInput(args.uscc == null ? 'uscc' : 'idNumber', 'give exactly one of uscc and idNumber');
      if (args.uscc != null) {
        if (args.purpose) throw badUserInput('purpose', 'a purpose is stated only when asking about a person (idNumber)');
        const uscc = checkedUscc(args.uscc, 'uscc');
        return { kind: 'institution', uscc, idNumber: null, name: null, recordId: `institution:${uscc}`, purpose: null } satisfies SubjectShape;
      }
      return personSubject(checkedIdNumber(args.idNumber!, 'idNumber'), checkedPurpose(args.purpose));
    },
  }),
);
