// Calendar checks for dates and instants written as text (RFC 3339 / ISO 8601).

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|[+-](\d{2}):(\d{2}))$/;

function dayExists(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

/** A `YYYY-MM-DD` date that exists on the calendar (no 30 February). */
export function isRealDate(value: string): boolean {
  const m = DATE.exec(value);
  return m !== null && dayExists(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** An RFC 3339 instant (`Z` or an offset) whose date and time exist; JavaScript's Date would roll 30 February over to March. */
export function isRealDateTime(value: string): boolean {
  const m = DATE_TIME.exec(value);
  if (m === null || !dayExists(Number(m[1]), Number(m[2]), Number(m[3]))) return false;
  const [hour, minute, second] = [Number(m[4]), Number(m[5]), Number(m[6])];
  const offsetOk = m[7] === undefined || (Number(m[7]) <= 23 && Number(m[8]) <= 59);
  return hour <= 23 && minute <= 59 && second <= 59 && offsetOk;
}
