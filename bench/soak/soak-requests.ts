import { loadOrCreateDevKeys } from '../../gateway/auth/dev-keys.ts';
import { mintToken } from '../../gateway/auth/mint-token.ts';
import { demoInstitution, demoPerson, demoRegions } from '../../hub/demo/demo-directory.ts';

const CLUES_PAGE = `query SoakCluesPage($filter: ClueFilter) {
  clues(first: 20, filter: $filter) {
    edges { node { clueId department category summary status reportedAt subject { kind institution { name } person { idNumber name masked } } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const SUBJECT_BY_USCC = `query SoakSubjectByUscc($uscc: String!) {
  subject(uscc: $uscc) {
    kind uscc
    institution { name kind region }
    clues { clueId category status reportedAt }
    results { decisionNo kind category amountYuan decidedAt }
    scoreRecords { points reason cycle }
    taxRating { year rating }
  }
}`;

// With a purpose the ID number and name come unmasked, each read audited before it returns; without, masked.
const SUBJECT_BY_ID_NUMBER = `query SoakSubjectByIdNumber($idNumber: String!, $purpose: PurposeInput) {
  subject(idNumber: $idNumber, purpose: $purpose) {
    kind
    person { idNumber name masked }
    clues { clueId category reportedAt }
    results { decisionNo kind decidedAt }
    policeRecords { recordNo category decidedAt }
  }
}`;

const CATEGORIES = [null, 'ILLEGAL_PRACTICE', 'INSURANCE_FRAUD', 'FALSE_ADVERTISING', 'TOUT'];
const DEPARTMENTS = ['health', 'police', 'market', 'insurance', 'tax'];

const body = (query: string, operationName: string, variables: Record<string, unknown>) => JSON.stringify({ query, operationName, variables });

/**
 * The soak's GraphQL requests: 25 agencies (five departments in each of the
 * five demo regions, each under the per-agency rate limit at 200 requests/s
 * in all), each reading its own region — clue pages (40 %), institution
 * lookups (30 %), person lookups with a purpose (15 %, audited) and without
 * (15 %, masked) — over the subjects the generated event stream is about.
 */
export async function soakRequests({ devKeysDir, issuer, audience }: { devKeysDir: string; issuer: string; audience: string }): Promise<{ authorization: string; body: string }[]> {
  const keys = await loadOrCreateDevKeys(devKeysDir);
  const agencies = demoRegions.flatMap((region, r) => DEPARTMENTS.map((department) => ({ agency: `${department}:${region.code}`, r })));
  const tokens = await Promise.all(
    agencies.map(async ({ agency, r }) => ({
      r,
      authorization: `Bearer ${await mintToken(keys, { agency, scopes: ['clue:read', 'result:read', 'credit:read', 'identity:read'], issuer, audience, expiresIn: '24h' })}`,
    })),
  );
  const requests: { authorization: string; body: string }[] = [];
  for (let n = 0; n < 2_000; n++) {
    const { r, authorization } = tokens[n % tokens.length]!;
    const pick = n % 20;
    const subjectIndex = Math.floor(n / tokens.length);
    let request: string;
    if (pick < 8) request = body(CLUES_PAGE, 'SoakCluesPage', { filter: CATEGORIES[n % CATEGORIES.length] ? { category: CATEGORIES[n % CATEGORIES.length] } : null });
    else if (pick < 14) request = body(SUBJECT_BY_USCC, 'SoakSubjectByUscc', { uscc: demoInstitution(r, subjectIndex % 20).uscc });
    else {
      const idNumber = demoPerson(r, subjectIndex % 500).idNumber;
      const purpose = pick < 17 ? { basis: 'CASE_INVESTIGATION', reference: `SOAK-${n}` } : null;
      request = body(SUBJECT_BY_ID_NUMBER, 'SoakSubjectByIdNumber', { idNumber, purpose });
    }
    requests.push({ authorization, body: request });
  }
  return requests;
}
