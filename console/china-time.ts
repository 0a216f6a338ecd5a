/**
 * Times as the console's users read and write them: China Standard Time
 * (Asia/Shanghai, UTC+8 all year), `2026-11-25 15:30:00`, whatever the
 * server's or the browser's own time zone.
 */

const CHINA_TIME = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** `2026-11-25 15:30:00` for an instant (a Date or an ISO 8601 string); '' for none; the input itself if it is not a time. */
export function formatChinaTime(value: Date | string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return String(value);
  const part = Object.fromEntries(CHINA_TIME.formatToParts(date).map((p) => [p.type, p.value]));
  return `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute}:${part.second}`;
}

/** The value of an `<input type="datetime-local">` showing this instant in China time (`2026-11-25T15:30`). */
export function toChinaDateTimeLocal(value: Date | string): string {
  const formatted = formatChinaTime(value);
  return formatted === '' ? '' : formatted.slice(0, 16).replace(' ', 'T');
}

const LOCAL_INPUT = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * The ISO 8601 instant (`…+08:00`) for what a user typed into a
 * datetime-local field, read as China time; `undefined` when it is not a
 * real date and time (the gateway's DateTime wants an offset, and a browser
 * sends none).
 */
export function parseChinaDateTimeLocal(value: string): string | undefined {
  const match = LOCAL_INPUT.exec(value.trim());
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second = '00'] = match;
  const iso = `${year}-${month}-${day}T${hour}:${minute}:${second}+08:00`;
  const date = new Date(iso);
  // Date rolls 02-30 over into March: a real date formats back to itself.
  if (Number.isNaN(date.getTime()) || formatChinaTime(date) !== `${year}-${month}-${day} ${hour}:${minute}:${second}`) return undefined;
  return iso;
}
