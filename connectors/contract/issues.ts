import type { z } from 'zod';
import type { DeadLetterCode } from '../errors.ts';

/** Precedence when one payload breaks several rules: the most specific code wins. */
const precedence: DeadLetterCode[] = [
  'INVALID_USCC',
  'INVALID_ID_NUMBER',
  'INVALID_REGION',
  'INVALID_DATE',
  'NEGATIVE_AMOUNT',
  'MISSING_FIELD',
  'INVALID_FIELD',
];

function codeOf(issue: z.core.$ZodIssue, input: unknown): DeadLetterCode {
  const hubCode = (issue as { params?: { hubCode?: DeadLetterCode } }).params?.hubCode;
  if (hubCode) return hubCode;
  if (valueAt(input, issue.path) === undefined) return 'MISSING_FIELD';
  return 'INVALID_FIELD';
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/**
 * Turns zod issues into one dead-letter code and a reason that names the
 * field paths and the rule, never the offending values (they may be personal data).
 */
export function describeIssues(issues: readonly z.core.$ZodIssue[], input: unknown, pathPrefix: string): { code: DeadLetterCode; reason: string } {
  const coded = issues.map((issue) => ({ issue, code: codeOf(issue, input) }));
  coded.sort((a, b) => precedence.indexOf(a.code) - precedence.indexOf(b.code));
  const reason = coded
    .slice(0, 5)
    .map(({ issue, code }) => {
      const path = [pathPrefix, ...issue.path.map(String)].filter(Boolean).join('.');
      const rule = code === 'MISSING_FIELD' ? 'is required' : issue.message;
      return `${path || '(root)'}: ${rule}`;
    })
    .join('; ');
  return { code: coded[0]?.code ?? 'INVALID_FIELD', reason };
}
