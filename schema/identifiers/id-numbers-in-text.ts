// Resident ID numbers (公民身份号码) found inside free text: audit record ids and details, a dead letter's
// event, an event id. Such text is shown to stewards, who see ID numbers masked like everyone else.

import { isIdNumber, maskIdNumber } from './id-number.ts';

/**
 * 17 digits and a check character, not inside a longer run of digits. A
 * letter may touch it (`ID510181…`, `person:510181…`), and a lower-case `x`
 * counts: text written by hand is not held to GB 11643's upper case.
 */
const ID_NUMBER_LIKE = /(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])/g;

/** The valid ID number a candidate is, upper-cased, or null. */
function asIdNumber(candidate: string): string | null {
  const upper = candidate.toUpperCase();
  return isIdNumber(upper) ? upper : null;
}

/**
 * `text` with every valid ID number in it masked (510181********1234).
 * `known` ID numbers (a record's data subject) are masked wherever they
 * appear, even inside a longer run of digits. A run that fails the check
 * character or names no real date is left as it is: it is no one's number.
 */
export function maskIdNumbersIn(text: string, known: readonly string[] = []): string {
  let masked = text;
  for (const idNumber of known) if (idNumber.length > 0) masked = masked.replaceAll(idNumber, maskIdNumber(idNumber));
  return masked.replace(ID_NUMBER_LIKE, (candidate) => (asIdNumber(candidate) === null ? candidate : maskIdNumber(candidate)));
}

/** The distinct valid ID numbers in `text`, upper-cased, in the order they first appear. */
export function idNumbersIn(text: string): string[] {
  const found = new Set<string>();
  for (const [candidate] of text.matchAll(ID_NUMBER_LIKE)) {
    const idNumber = asIdNumber(candidate);
    if (idNumber !== null) found.add(idNumber);
  }
  return [...found];
}
