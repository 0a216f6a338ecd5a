import { cluesAboutSubjects } from '../../data/clues.ts';
import { resultsAboutSubjects } from '../../data/results.ts';
import { insuranceAgreementsOf, insuranceAlertsAbout, scoreRecordsAbout, taxRatingsOf } from '../../data/subject-facts.ts';
import { badUserInput } from '../../errors.ts';
import { builder } from '../builder.ts';
import { checkedIdNumber, checkedPurpose, checkedUscc, PurposeInput, SubjectKindEnum } from '../inputs.ts';
import { bySubjectColumns, byUscc, subjectFactsField } from '../subject-facts-field.ts';
import { personSubject, type SubjectShape } from '../subject-key.ts';
import { InsuranceAgreement, InsuranceAlert } from './insurance.ts';
import { institutionByUscc } from './institution.ts';
import { PersonIdentity } from './person-identity.ts';
import { TaxRating } from './credit.ts';
import { ClueRef, ResultRef, ScoreRecordRef, SubjectRef } from '../refs.ts';
import { policeRecordsOf } from './police-record.ts';

const latestTaxRating = subjectFactsField(TaxRating, 'credit:read', taxRatingsOf, byUscc);

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
    clues: t.loadableList(subjectFactsField(ClueRef, 'clue:read', cluesAboutSubjects, bySubjectColumns)),
    results: t.loadableList(subjectFactsField(ResultRef, 'result:read', resultsAboutSubjects, bySubjectColumns)),
    scoreRecords: t.loadableList(subjectFactsField(ScoreRecordRef, 'credit:read', scoreRecordsAbout, bySubjectColumns)),
    insuranceAgreements: t.loadableList(subjectFactsField(InsuranceAgreement, 'result:read', insuranceAgreementsOf, byUscc)),
    insuranceAlerts: t.loadableList(subjectFactsField(InsuranceAlert, 'result:read', insuranceAlertsAbout, byUscc)),
    taxRating: t.loadable({
      ...latestTaxRating,
      description: 'The latest year rated',
      load: async (keys: string[], context) => (await latestTaxRating.load(keys, context)).map((ratings) => ratings[0] ?? null),
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
