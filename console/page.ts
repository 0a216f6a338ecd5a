import type { Flash } from './flash.ts';
import type { Ask, ConsoleError } from './graphql-client.ts';
import type { Html } from './html.ts';
import type { PageKey } from './layout.ts';
import type { UnverifiedClaims } from './session.ts';

/**
 * What a console page is: a title, a render that asks the gateway for its
 * data (as the signed-in steward), and the form posts it accepts.
 */
export interface ConsolePage {
  key: PageKey;
  title: string;
  /**
   * Renders the page from `params`: the URL's query on GET, the submitted form when a change failed or a search was posted.
   * `signedIn` may hide a form the gateway would refuse this steward; it never replaces the gateway's decision.
   */
  render(ask: Ask, params: URLSearchParams, signedIn: UnverifiedClaims): Promise<PageBody>;
  /** Form posts by the path segment after the page's own (`''` for the page itself, `revoke` for /console/grants/revoke). */
  actions: Readonly<Record<string, PageAction>>;
}

/** A rendered page body, or why its data could not be had. */
export type PageBody = { ok: true; body: Html } | { ok: false; errors: ConsoleError[] };

export type PageAction = (ask: Ask, form: URLSearchParams) => Promise<ActionResult>;

/**
 * After a form post: a change that went through redirects with a notice
 * (post/redirect/get); one that failed renders the page again with the
 * form's values and an error banner; a search renders its results.
 */
export type ActionResult =
  | { kind: 'redirect'; location: string; flash: Flash }
  | { kind: 'failed'; what: string; errors: ConsoleError[]; form: URLSearchParams }
  | { kind: 'render'; params: URLSearchParams };

/** A change refused before it reaches the gateway: the console's own check of a form field. */
export function invalidInput(what: string, message: string, form: URLSearchParams): ActionResult {
  return { kind: 'failed', what, errors: [{ code: 'BAD_USER_INPUT', message }], form };
}

/** A form field, trimmed; '' when absent. */
export function field(form: URLSearchParams, name: string): string {
  return (form.get(name) ?? '').trim();
}

/** Region codes typed as a list: any mix of spaces, commas and 、. */
export function splitList(value: string): string[] {
  return value.split(/[\s,，、;；]+/).filter(Boolean);
}
