import { regionCovers } from '../../schema/identifiers/index.ts';
import type { BenchWorld } from './bench-world.ts';

/** One benchmarked GraphQL operation and the request bodies the load generator cycles through. */
export interface BenchQuery {
  label: string;
  /** JSON request bodies, each with different variables, so no two consecutive requests read the same rows. */
  bodies: string[];
}

const SUBJECT_BY_USCC = `query SubjectByUscc($uscc: String!) {
  subject(uscc: $uscc) {
    kind uscc
    institution { name kind ownership region address }
    clues { clueId department category summary status reportedAt }
    results { decisionNo department kind category amountYuan decidedAt published }
    scoreRecords { points reason cycle recordedAt }
    insuranceAgreements { agreementNo status reason changedAt }
    insuranceAlerts { alertId rule score periodStart periodEnd }
    taxRating { year rating }
  }
}`;

// With a purpose every unmasked ID number and name is audited before it is returned.
const SUBJECT_BY_ID_NUMBER = `query SubjectByIdNumber($idNumber: String!, $purpose: PurposeInput!) {
  subject(idNumber: $idNumber, purpose: $purpose) {
    kind
    person { idNumber name masked }
    clues { clueId category summary reportedAt subject { person { idNumber name masked } } }
    results { decisionNo kind amountYuan decidedAt }
    scoreRecords { points reason cycle }
    policeRecords { recordNo category penalty decidedAt person { idNumber name } hospital { name } }
  }
}`;

// The N+1-prone shape: 50 clues, each resolving its subject's directory entry or identity.
const CLUES_PAGE = `query CluesPage($filter: ClueFilter) {
  clues(first: 50, filter: $filter) {
    edges { node { clueId department category summary status reportedAt subject { kind institution { name } person { idNumber name } } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const PAGE_CATEGORIES = ['ILLEGAL_PRACTICE', 'INSURANCE_FRAUD', 'FALSE_ADVERTISING', 'TOUT', 'EXCESSIVE_TREATMENT'];

/** How many distinct subjects the lookups cycle through at most. */
const LOOKUP_POOL = 500;

const body = (query: string, operationName: string, variables: Record<string, unknown>) => JSON.stringify({ query, operationName, variables });

/**
 * The three benchmarked operations for a caller whose jurisdiction is
 * `region`: lookups of institutions and people registered there (people
 * named in at least one seeded record), and clue pages by category.
 */
export function benchQueries(world: BenchWorld, region: string): BenchQuery[] {
  const usccs = world.institutions.filter((institution) => regionCovers(region, institution.region)).map((institution) => institution.uscc);
  const idNumbers = world.people.filter((person) => person.facts > 0 && regionCovers(region, person.region)).map((person) => person.idNumber);
  if (usccs.length === 0 || idNumbers.length === 0) throw new Error(`the seeded data holds no institution or person in region ${region}`);
  const spread = <T>(items: T[]) => items.filter((_, i) => i % Math.ceil(items.length / LOOKUP_POOL) === 0);
  return [
    { label: 'subject(uscc:)', bodies: spread(usccs).map((uscc) => body(SUBJECT_BY_USCC, 'SubjectByUscc', { uscc })) },
    {
      label: 'subject(idNumber:, purpose:)',
      bodies: spread(idNumbers).map((idNumber, i) => body(SUBJECT_BY_ID_NUMBER, 'SubjectByIdNumber', { idNumber, purpose: { basis: 'CASE_INVESTIGATION', reference: `成卫监案〔2026〕${100 + i}号` } })),
    },
    { label: 'clues(first: 50) page', bodies: PAGE_CATEGORIES.map((category) => body(CLUES_PAGE, 'CluesPage', { filter: { category } })) },
  ];
}
