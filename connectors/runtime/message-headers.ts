/** Kafka record headers as clients deliver them (the kafkajs `IHeaders` shape). */
export type MessageHeaders = Record<string, Buffer | string | (Buffer | string)[] | undefined>;

/** Header values as UTF-8 text, for storing and showing; the raw values travel on to the DLQ unchanged. */
export function headersAsText(headers: MessageHeaders): Record<string, string> {
  const text: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    text[name] = Array.isArray(value) ? value.map(String).join(',') : String(value);
  }
  return text;
}
