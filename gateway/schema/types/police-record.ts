import { offenderRecordsOf, type OffenderRecord } from '../../data/subject-facts.ts';
import { gatewayError } from '../../errors.ts';
import { builder } from '../builder.ts';
import { fieldPath } from '../field-path.ts';
import { checkedIdNumber, checkedPurpose, PurposeInput, SharedCategoryEnum } from '../inputs.ts';
import { PoliceRecordRef } from '../refs.ts';
import { subjectFactsField } from '../subject-facts-field.ts';
import { personSubject, type SubjectShape } from '../subject-key.ts';
import { institutionByUscc } from './institution.ts';
import { auditedOrWithheld, PersonIdentity } from './person-identity.ts';

/**
 * An identity record police share with health (医托, 号贩子, 医闹). Needs
 * `result:read`; the person is masked unless `identity:read` and a purpose;
 * the photo needs `identity:photo` and a purpose.
 */
PoliceRecordRef.implement({
  authScopes: { scope: 'result:read' },
  fields: (t) => ({
    recordNo: t.exposeString('recordNo'),
    region: t.exposeString('region'),
    category: t.field({ type: SharedCategoryEnum, resolve: (record) => record.category as never }),
    violationCode: t.exposeString('violationCode'),
    penalty: t.exposeString('penalty'),
    decidedAt: t.field({ type: 'DateTime', resolve: (record) => record.decidedAt }),
    hospital: t.loadable(institutionByUscc((record: OffenderRecord) => record.hospitalUscc)),
    person: t.field({
      type: PersonIdentity,
      resolve: (record) => ({ idNumber: record.idNumber, name: record.name, recordId: recordIdOf(record), purpose: record.purpose }),
    }),
    photo: t.string({
      nullable: true,
      description: 'Photo reference; needs identity:photo and a stated purpose, otherwise null with a FORBIDDEN error',
      authScopes: { scope: 'identity:photo' },
      resolve: async (record, _args, context, info) => {
        if (!record.purpose) throw gatewayError('FORBIDDEN', 'a photo is shown only to a query that states a purpose');
        if (record.photoRef === null) return null;
        await auditedOrWithheld(context, { action: 'PHOTO_ACCESS', fieldPath: fieldPath(info), recordId: recordIdOf(record), subjectIdNumber: record.idNumber, purpose: record.purpose });
        return record.photoRef;
      },
    }),
  }),
});

function recordIdOf(record: OffenderRecord): string {
  return `offender_records:${record.region}/${record.recordNo}`;
}

/** Options of a list field holding the police records about a subject (a person), newest first, in the caller's regions. */
export const policeRecordsOf = subjectFactsField(PoliceRecordRef, 'result:read', offenderRecordsOf, (row) => ({ uscc: null, idNumber: row.idNumber }));

/** A person as police records know them; reached by ID number, under a purpose or masked. */
export const Person = builder.objectRef<SubjectShape>('Person').implement({
  authScopes: { scope: 'result:read' },
  fields: (t) => ({
    identity: t.field({ type: PersonIdentity, resolve: (person) => ({ idNumber: person.idNumber!, name: null, recordId: person.recordId, purpose: person.purpose }) }),
    records: t.loadableList({ ...policeRecordsOf, description: "Police identity records in the caller's regions, newest first" }),
  }),
});

builder.queryField('person', (t) =>
  t.field({
    type: Person,
    nullable: true,
    description: 'Police-shared identity records of one person (masked unless identity:read and a purpose)',
    authScopes: { scope: 'result:read' },
    args: { idNumber: t.arg.string({ required: true }), purpose: t.arg({ type: PurposeInput }) },
    resolve: (_root, args) => {
      return personSubject(checkedIdNumber(args.idNumber, 'idNumber'), checkedPurpose(args.purpose));
    },
  }),
);
