import type { SubjectKind } from '../../../schema/tables/provenance.ts';
import { builder } from '../builder.ts';

export const SubjectKindEnum = builder.enumType('SubjectKind', {
  values: { INSTITUTION: { value: 'institution' as SubjectKind }, PERSON: { value: 'person' as SubjectKind } },
});
