import { institutionsByUscc, type InstitutionRecord } from '../../data/subject-facts.ts';
import type { GatewayContext } from '../../context.ts';
import { builder } from '../builder.ts';

/** An entry of the institution directory (机构名录). Public: name, code, region. */
export const Institution = builder.objectRef<InstitutionRecord>('Institution').implement({
  authScopes: { public: true },
  fields: (t) => ({
    uscc: t.exposeString('uscc', { description: '统一社会信用代码' }),
    name: t.exposeString('name'),
    kind: t.exposeString('kind'),
    ownership: t.exposeString('ownership'),
    region: t.string({ resolve: (institution) => institution.institutionRegion }),
    address: t.exposeString('address'),
  }),
});

/**
 * Options for a field that loads a directory entry by USCC, batched across
 * the whole response (a page of 50 clues costs one directory query); `null`
 * where the institution is not in the directory.
 */
export function institutionByUscc<Parent>(usccOf: (parent: Parent) => string | null) {
  return {
    type: Institution,
    nullable: true as const,
    load: (usccs: string[], context: GatewayContext) => institutionsByUscc(context.db, usccs),
    resolve: usccOf,
  };
}
