/**
 * HTML built from template literals, escaped by default: every value
 * interpolated into `html` is escaped unless it is itself `Html` (made by
 * `html`, or by the few helpers here that write fixed markup). Values in the
 * console come from tokens, databases and department systems, so nothing
 * reaches a page unescaped by accident; there is deliberately no way to mark
 * arbitrary text as markup.
 */
export class Html {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
  toString(): string {
    return this.text;
  }
}

/** What may go into an `html` template: escaped text, nested Html, lists of either, or nothing. */
export type HtmlValue = Html | string | number | boolean | null | undefined | readonly HtmlValue[];

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => ESCAPES[c]!);
}

function render(value: HtmlValue): string {
  if (value instanceof Html) return value.text;
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** The tagged template: `html\`<td>${name}</td>\`` escapes `name`. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1]!;
  return new Html(out);
}

/** `selected`/`checked`-style boolean attributes. */
export function attributeIf(condition: boolean, name: 'selected' | 'checked' | 'disabled' | 'required'): Html {
  return new Html(condition ? ` ${name}` : '');
}
