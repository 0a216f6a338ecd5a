import { isStorableText } from '../contract/storable-text.ts';

/** Kafka record headers as clients deliver them (the kafkajs `IHeaders` shape). */
export type MessageHeaders = Record<string, Buffer | string | (Buffer | string)[] | undefined>;

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** One header value as text: UTF-8 where it is, `base64:` otherwise (binary, NUL or broken UTF-8). */
function valueAsText(value: Buffer | string): string {
  if (typeof value === 'string') return isStorableText(value) ? value : `base64:${Buffer.from(value, 'utf8').toString('base64')}`;
  try {
    const text = UTF8.decode(value);
    if (isStorableText(text)) return text;
  } catch {
    // not UTF-8: falls through to base64
  }
  return `base64:${value.toString('base64')}`;
}

/**
 * Header values as text for the dead-letter table (jsonb), which must take
 * any header a region sends; the raw values travel on to the DLQ unchanged.
 */
export function headersAsText(headers: MessageHeaders): Record<string, string> {
  const text: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || !isStorableText(name)) continue;
    text[name] = Array.isArray(value) ? value.map(valueAsText).join(',') : valueAsText(value);
  }
  return text;
}
