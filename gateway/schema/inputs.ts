import { checkIdNumber, checkUscc, isRegionCode } from '../../schema/identifiers/index.ts';
import type { SubjectKind } from '../../schema/tables/provenance.ts';
import { departments, sharedCategories, type Department } from '../../schema/vocabulary/categories.ts';
import { PURPOSE_BASES, type Purpose, type PurposeBasis } from '../access/purpose.ts';
import { badUserInput } from '../errors.ts';
import { builder } from './builder.ts';

// Enums and input objects shared by the queries, and the argument checks that give BAD_USER_INPUT.

export const SharedCategoryEnum = builder.enumType('SharedCategory', {
  description: 'The shared violation vocabulary (监管标准互通) every department code maps onto',
  values: Object.fromEntries(Object.entries(sharedCategories).map(([code, label]) => [code, { description: label }])) as Record<keyof typeof sharedCategories, { description: string }>,
});

export const DepartmentEnum = builder.enumType('Department', {
  values: Object.fromEntries(departments.map((department) => [department.toUpperCase(), { value: department }])) as Record<Uppercase<Department>, { value: Department }>,
});

export const ClueStatusEnum = builder.enumType('ClueStatus', {
  values: ['NEW', 'ROUTED', 'ACKNOWLEDGED', 'INVESTIGATING', 'CLOSED', 'TRANSFERRED'] as const,
});

export const SubjectKindEnum = builder.enumType('SubjectKind', {
  values: { INSTITUTION: { value: 'institution' as SubjectKind }, PERSON: { value: 'person' as SubjectKind } },
});

export const ResultKindEnum = builder.enumType('ResultKind', {
  values: { PENALTY: { description: '行政处罚决定' }, FRAUD_CONFIRMED: { description: '欺诈骗保查实' } } as const,
});

export const PurposeBasisEnum = builder.enumType('PurposeBasis', {
  values: Object.fromEntries(PURPOSE_BASES.map((basis) => [basis, {}])) as Record<PurposeBasis, object>,
});

export const PurposeInput = builder.inputType('PurposeInput', {
  description: 'Why unmasked personal data is read: a basis and the case or document number. Recorded in the audit log.',
  fields: (t) => ({
    basis: t.field({ type: PurposeBasisEnum, required: true }),
    reference: t.string({ required: true, description: 'Case or document number, 1–64 characters' }),
  }),
});

export const ClueFilterInput = builder.inputType('ClueFilter', {
  fields: (t) => ({
    region: t.string({ description: 'Region code; a province or city code covers everything under it' }),
    category: t.field({ type: SharedCategoryEnum }),
    department: t.field({ type: DepartmentEnum }),
    status: t.field({ type: ClueStatusEnum }),
    subjectUscc: t.string(),
    from: t.field({ type: 'DateTime', description: 'Reported at or after' }),
    to: t.field({ type: 'DateTime', description: 'Reported before' }),
  }),
});

export const ResultFilterInput = builder.inputType('ResultFilter', {
  fields: (t) => ({
    region: t.string({ description: 'Region code; a province or city code covers everything under it' }),
    category: t.field({ type: SharedCategoryEnum }),
    department: t.field({ type: DepartmentEnum }),
    kind: t.field({ type: ResultKindEnum }),
    subjectUscc: t.string(),
    from: t.field({ type: 'DateTime', description: 'Decided at or after' }),
    to: t.field({ type: 'DateTime', description: 'Decided before' }),
  }),
});

/** A purpose argument checked, or `null` when none was stated. */
export function checkedPurpose(purpose: { basis: PurposeBasis; reference: string } | null | undefined, argument = 'purpose'): Purpose | null {
  if (!purpose) return null;
  const reference = purpose.reference.trim();
  // No control characters: the reference is stored in the audit log, where PostgreSQL refuses NUL.
  if (!/^[^\p{Cc}]{1,64}$/u.test(reference)) throw badUserInput(`${argument}.reference`, 'must be the case or document number, 1–64 characters, no control characters');
  return { basis: purpose.basis, reference };
}

export function checkedUscc(value: string, argument: string): string {
  const check = checkUscc(value);
  if (!check.ok) throw badUserInput(argument, `not a valid unified social credit code (${check.problem})`);
  return value;
}

export function checkedIdNumber(value: string, argument: string): string {
  const check = checkIdNumber(value);
  if (!check.ok) throw badUserInput(argument, `not a valid resident ID number (${check.problem})`);
  return value;
}

export function checkedRegion(value: string | null | undefined, argument: string): string | null {
  if (value == null) return null;
  if (!isRegionCode(value)) throw badUserInput(argument, 'not an administrative division code (6 digits, e.g. 510100)');
  return value;
}

/** A clue or result filter with its region and USCC checked (BAD_USER_INPUT naming `filter.<field>`). */
export function checkedFilter<Filter extends { region?: string | null; subjectUscc?: string | null }>(filter: Filter | null | undefined): Filter & { region: string | null; subjectUscc: string | null } {
  return {
    ...(filter ?? ({} as Filter)),
    region: checkedRegion(filter?.region, 'filter.region'),
    subjectUscc: filter?.subjectUscc ? checkedUscc(filter.subjectUscc, 'filter.subjectUscc') : null,
  };
}
