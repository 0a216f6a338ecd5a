import type { CodeMappingRow } from '../../../schema/tables/stewardship.ts';
import type { Department, SharedCategory } from '../../../schema/vocabulary/categories.ts';
import { mapCode } from '../../stewardship/map-code.ts';
import { listUnmappedCodes, type UnmappedCodeRecord } from '../../stewardship/unmapped-codes.ts';
import { builder } from '../builder.ts';
import { DepartmentEnum, SharedCategoryEnum } from '../inputs.ts';

// The code-mapping repair loop (监管标准互通): codes ingest could not map, and the steward mappings that fix them.

const CodeMapping = builder.objectRef<CodeMappingRow>('CodeMapping').implement({
  description: "A steward's mapping of a department code onto a shared category; the highest version is in force",
  authScopes: { scope: 'steward' },
  fields: (t) => ({
    department: t.field({ type: DepartmentEnum, resolve: (mapping) => mapping.department as Department }),
    code: t.exposeString('code'),
    version: t.exposeInt('version'),
    category: t.field({ type: SharedCategoryEnum, resolve: (mapping) => mapping.category as SharedCategory }),
    label: t.exposeString('label', { description: "The department's own wording of the code" }),
    mappedBy: t.exposeString('mappedBy'),
    mappedAt: t.expose('mappedAt', { type: 'DateTime' }),
    reclassified: t.exposeInt('reclassified', { description: 'Stored records this version re-classified when it was made' }),
  }),
});

const UnmappedCode = builder.objectRef<UnmappedCodeRecord>('UnmappedCode').implement({
  description: 'A department code ingest found no mapping for: its records are stored as OTHER, the code kept verbatim',
  authScopes: { scope: 'steward' },
  fields: (t) => ({
    department: t.field({ type: DepartmentEnum, resolve: (unmapped) => unmapped.department as Department }),
    code: t.exposeString('code'),
    occurrences: t.exposeInt('occurrences', { description: 'Records stored while the code had no mapping' }),
    firstSeenAt: t.expose('firstSeenAt', { type: 'DateTime' }),
    lastSeenAt: t.expose('lastSeenAt', { type: 'DateTime' }),
    mapping: t.field({ type: CodeMapping, nullable: true, description: 'The steward mapping in force, if one was made since', resolve: (unmapped) => unmapped.mapping }),
  }),
});

const MapCodeInput = builder.inputType('MapCodeInput', {
  fields: (t) => ({
    department: t.field({ type: DepartmentEnum, required: true }),
    code: t.string({ required: true, description: 'The code verbatim, as the department publishes it' }),
    category: t.field({ type: SharedCategoryEnum, required: true, description: 'Any category but OTHER' }),
    label: t.string({ required: true, description: "The department's own wording of the code" }),
  }),
});

builder.queryField('unmappedCodes', (t) =>
  t.field({
    type: [UnmappedCode],
    description: 'Department codes stored as OTHER, most occurrences first (any steward; the vocabulary is national)',
    authScopes: { scope: 'steward' },
    args: { includeMapped: t.arg.boolean({ defaultValue: false, description: 'Also list codes a steward has mapped since' }) },
    resolve: (_root, args, context) => listUnmappedCodes(context.db, { includeMapped: args.includeMapped ?? false }),
  }),
);

builder.mutationField('mapCode', (t) =>
  t.field({
    type: CodeMapping,
    description: 'Maps a department code the built-in vocabulary lacks onto a shared category and re-classifies the stored records of every region (national stewards only, region 000000; others get FORBIDDEN)',
    authScopes: { scope: 'steward' },
    args: { input: t.arg({ type: MapCodeInput, required: true }) },
    resolve: (_root, args, context) => mapCode(context, args.input),
  }),
);
