import { idNumbersIn, maskIdNumber, maskIdNumbersIn, maskName } from '../../schema/identifiers/index.ts';

// A dead letter's event as stewards read it (DESIGN.md, Access: an ID number and a name are masked
// unless the caller has identity:read and states a purpose; a photo needs identity:photo). A steward
// repairs the cause (a code mapping, a sender) and replays the original bytes, which the hub keeps:
// reading the personal data itself is never needed for that.

/** What a photo reference reads as: which photo a record names is itself for identity:photo only. */
export const PHOTO_REF_PLACEHOLDER = '[照片引用已隐去]';

/**
 * The keys under which the department contracts carry personal data:
 * `idNumber`, `name` and `photoRef` of police.offender.penalized
 * (connectors/police/contracts.ts), `idNumber` and `name` of a person subject
 * (connectors/contract/fields.ts), the inspector's `name` (connectors/health).
 * `name` names institutions too, but a message that failed its contract
 * cannot be trusted to say which it names, so every `name` is masked.
 */
const PERSONAL_KEYS = new Map<string, (value: string) => string>([
  ['idNumber', maskIdNumber],
  ['name', maskName],
  ['photoRef', () => PHOTO_REF_PLACEHOLDER],
]);

export interface MaskedEventText {
  text: string;
  /** The valid ID numbers it holds (masked in `text`), each once, in order: whose data the read concerns. */
  idNumbers: string[];
}

/** What JSON.parse hands a reviver for a primitive (ES2025, in Node 24; not yet in TypeScript's lib). */
interface ReviverContext {
  source?: string;
}

/**
 * An event's text with its personal data masked. JSON (nearly every event)
 * is masked by key — ID numbers and names as the gateway masks them
 * elsewhere, photo references replaced by PHOTO_REF_PLACEHOLDER — and every
 * valid ID number anywhere else in it, in a string, a number or a key, is
 * masked too; the result is compact JSON. In text that is not JSON, personal
 * keys' values are masked where they still read as `"key": "value"` (a
 * message cut off) and valid ID numbers anywhere; a name elsewhere in such
 * text cannot be told from other words.
 */
export function maskEventText(text: string): MaskedEventText {
  const found = new Set<string>();
  const note = (source: string) => {
    for (const idNumber of idNumbersIn(source)) found.add(idNumber);
  };
  let masked: unknown;
  try {
    masked = JSON.parse(text, (key: string, value: unknown, context?: ReviverContext) => maskedJsonValue(key, value, context?.source, note));
  } catch {
    note(text);
    return { text: maskIdNumbersIn(maskPersonalPairs(text)), idNumbers: [...found] };
  }
  return { text: JSON.stringify(masked), idNumbers: [...found] };
}

/** `"key": "value"` of a personal key in text that is not JSON as a whole (most often a message cut off). */
const PERSONAL_PAIR = /("(idNumber|name|photoRef)"\s*:\s*")((?:[^"\\]|\\.)*)/g;

/** Personal values in what is left of JSON: a cut-off message still shows its name and photo reference as pairs. */
function maskPersonalPairs(text: string): string {
  return text.replace(PERSONAL_PAIR, (_pair, opening: string, key: string, value: string) => opening + PERSONAL_KEYS.get(key)!(value));
}

/** One value as JSON.parse revives it, bottom up: its children are masked already. */
function maskedJsonValue(key: string, value: unknown, source: string | undefined, note: (source: string) => void): unknown {
  const mask = PERSONAL_KEYS.get(key);
  if (mask) return maskedPersonalValue(value, mask, source, note);
  if (typeof value === 'string') {
    note(value);
    return maskIdNumbersIn(value);
  }
  // Read from the source: as a JavaScript number an 18-digit ID number has already lost its last digits.
  if (typeof value === 'number' && source !== undefined && idNumbersIn(source).length > 0) {
    note(source);
    return maskIdNumbersIn(source);
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).some((name) => idNumbersIn(name).length > 0)) {
    return Object.fromEntries(
      Object.entries(value).map(([name, child]) => {
        note(name);
        return [maskIdNumbersIn(name), child];
      }),
    );
  }
  return value;
}

/** Everything under a personal key masked, whatever its shape: a string, a number, or strings nested in an array or object. */
function maskedPersonalValue(value: unknown, mask: (value: string) => string, source: string | undefined, note: (source: string) => void): unknown {
  if (typeof value === 'string') {
    note(value);
    return mask(value);
  }
  if (typeof value === 'number') {
    const digits = source ?? String(value);
    note(digits);
    return mask(digits);
  }
  if (Array.isArray(value)) return value.map((item) => maskedPersonalValue(item, mask, undefined, note));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([name, child]) => {
        note(name);
        return [maskIdNumbersIn(name), maskedPersonalValue(child, mask, undefined, note)];
      }),
    );
  }
  return value;
}
