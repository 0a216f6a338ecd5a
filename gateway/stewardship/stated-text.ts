import { badUserInput } from '../errors.ts';

/** Printable text a steward states (a basis, a reason): trimmed, 2–500 characters, no control characters. */
export function checkedStatedText(value: string, argument: string, hint: string): string {
  const text = value.trim();
  if (!/^[^\p{Cc}]{2,500}$/u.test(text)) throw badUserInput(argument, `${hint}, 2–500 characters`);
  return text;
}
