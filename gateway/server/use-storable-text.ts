import { Kind, visit, type DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { badUserInput } from '../errors.ts';

/** A NUL character or half of a UTF-16 surrogate pair: the rule connectors/contract/storable-text.ts applies to events (gateway/ cannot import it). */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * PostgreSQL text and jsonb cannot hold U+0000 or an unpaired surrogate
 * (JSON can): a value with one, sent as a statement's parameter or written
 * into an audit entry's detail, fails the statement (SQLSTATE 22021,
 * 22P02), which would surface as an internal error — or as an audit
 * failure that no retry cures. Every string of the request — in the
 * variables (keys included) and in the document's literals — is checked
 * before anything runs, and one that cannot be stored is refused as the
 * caller's input: `BAD_USER_INPUT` naming the argument (e.g.
 * `input.code`), reason `UNSTORABLE_TEXT`.
 */
export function useStorableText(): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const found = unstorableVariable(args.variableValues) ?? unstorableLiteral(args.document);
      if (!found) return;
      const argument = 'variable' in found ? [...(argumentPathOf(args.document, found.variable) ?? [`$${found.variable}`]), ...found.path].join('.') : found.argument;
      const error = badUserInput(argument, 'text may not hold a NUL character (U+0000) or half of a surrogate pair');
      Object.assign(error.extensions, { reason: 'UNSTORABLE_TEXT', http: { status: 400 } });
      setResultAndStopExecution({ errors: [error] });
    },
  };
}

/** The variable holding unstorable text, and the keys down to it; walked with a stack, however deep the value nests. */
function unstorableVariable(variables: unknown): { variable: string; path: string[] } | undefined {
  if (typeof variables !== 'object' || variables === null) return undefined;
  for (const [variable, value] of Object.entries(variables)) {
    if (UNSTORABLE.test(variable)) return { variable: JSON.stringify(variable).slice(1, -1), path: [] };
    const pending: Array<{ value: unknown; path: string[] }> = [{ value, path: [] }];
    while (pending.length > 0) {
      const { value: current, path } = pending.pop()!;
      if (typeof current === 'string') {
        if (UNSTORABLE.test(current)) return { variable, path };
      } else if (typeof current === 'object' && current !== null) {
        const list = Array.isArray(current);
        for (const [key, item] of Object.entries(current)) {
          if (UNSTORABLE.test(key)) return { variable, path };
          pending.push({ value: item, path: list ? path : [...path, key] });
        }
      }
    }
  }
  return undefined;
}

/** Walks the arguments of the document, calling `found` with each value's path (argument, then input fields). */
function walkArguments(document: DocumentNode, found: (path: string[], node: { kind: Kind; value?: unknown; name?: { value: string } }) => boolean | void): void {
  const path: string[] = [];
  visit(document, {
    Argument: { enter: (node) => void path.push(node.name.value), leave: () => void path.pop() },
    ObjectField: { enter: (node) => void path.push(node.name.value), leave: () => void path.pop() },
    Variable: (node) => {
      if (path.length > 0 && found([...path], node)) return false;
      return undefined;
    },
    StringValue: (node) => {
      if (found([...path], node)) return false;
      return undefined;
    },
  });
}

/** Where the document passes `$variable` to an argument, e.g. `['purpose', 'reference']`. */
function argumentPathOf(document: DocumentNode, variable: string): string[] | undefined {
  let at: string[] | undefined;
  walkArguments(document, (path, node) => {
    if (at || node.kind !== Kind.VARIABLE || node.name?.value !== variable) return false;
    at = path;
    return true;
  });
  return at;
}

function unstorableLiteral(document: DocumentNode): { argument: string } | undefined {
  let at: string | undefined;
  walkArguments(document, (path, node) => {
    if (at || node.kind !== Kind.STRING || !UNSTORABLE.test(String(node.value))) return false;
    at = path.join('.') || 'a string in the document';
    return true;
  });
  return at === undefined ? undefined : { argument: at };
}
