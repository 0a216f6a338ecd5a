/** A row id as the API shows it (`ID`): decimal digits only, no sign, exponent, hex or spaces; `null` otherwise. */
export function parseRowId(value: string): number | null {
  if (!/^[1-9][0-9]{0,15}$/.test(value)) return null;
  const id = Number(value);
  return Number.isSafeInteger(id) ? id : null;
}
