import { getNamedType, isLeafType, isNonNullType, isObjectType, type GraphQLField, type GraphQLObjectType, type GraphQLSchema } from 'graphql';

/**
 * Query documents generated from the schema itself: every root query field
 * with every combination of sample arguments, each selecting every field
 * reachable from it (to a depth), written three ways — direct, twice under
 * aliases, and through named fragments. A field added to the schema is in
 * these documents without anyone listing it.
 */
export interface QueryShape {
  /** Root field, e.g. `subject`. */
  field: string;
  form: 'direct' | 'aliases' | 'fragments';
  /** Argument values as written in the document (GraphQL literals). */
  args: Record<string, string>;
  document: string;
}

/**
 * GraphQL literals to try for an argument, by name, or by `field.argument`
 * for one field's argument (its input type differs from the others' of that
 * name); `undefined` means "leave it out".
 */
export type ArgumentSamples = Record<string, Array<string | undefined>>;

const MAX_DEPTH = 6;

export function generateQueryShapes(schema: GraphQLSchema, samples: ArgumentSamples): QueryShape[] {
  const query = schema.getQueryType();
  if (!query) return [];
  const shapes: QueryShape[] = [];
  for (const field of Object.values(query.getFields())) {
    for (const args of argumentCombinations(field, samples)) {
      const call = `${field.name}${formatArgs(args)}`;
      const direct = selectionOf(field, [], null);
      shapes.push({ field: field.name, form: 'direct', args, document: `{ ${call}${direct} }` });
      shapes.push({ field: field.name, form: 'aliases', args, document: `{ first: ${call}${direct} second: ${call}${direct} }` });
      const fragments: string[] = [];
      shapes.push({ field: field.name, form: 'fragments', args, document: `{ ${call}${selectionOf(field, [], fragments)} }\n${fragments.join('\n')}` });
    }
  }
  return shapes;
}

function argumentCombinations(field: GraphQLField<unknown, unknown>, samples: ArgumentSamples): Array<Record<string, string>> {
  let combinations: Array<Record<string, string>> = [{}];
  for (const arg of field.args) {
    const values = samples[`${field.name}.${arg.name}`] ?? samples[arg.name];
    if (!values) {
      if (isNonNullType(arg.type) && arg.defaultValue === undefined) throw new Error(`no sample values for required argument ${field.name}(${arg.name}:); add some to the no-leak test`);
      continue;
    }
    const required = isNonNullType(arg.type) && arg.defaultValue === undefined;
    const usable = required ? values.filter((value) => value !== undefined) : values;
    combinations = combinations.flatMap((combination) => usable.map((value) => (value === undefined ? combination : { ...combination, [arg.name]: value })));
  }
  return combinations;
}

function formatArgs(args: Record<string, string>): string {
  const entries = Object.entries(args);
  return entries.length === 0 ? '' : `(${entries.map(([name, value]) => `${name}: ${value}`).join(', ')})`;
}

/** The selection set under a field: every subfield without required arguments, recursively; `''` for a leaf. */
function selectionOf(field: GraphQLField<unknown, unknown>, path: string[], fragments: string[] | null): string {
  const type = getNamedType(field.type);
  if (isLeafType(type)) return '';
  if (!isObjectType(type)) throw new Error(`the shape generator does not know ${type.name} yet (interfaces and unions)`);
  const body = objectBody(type, [...path, type.name], fragments);
  if (!fragments) return ` { ${body} }`;
  const name = `F${fragments.length}_${type.name}`;
  fragments.push(''); // reserve the slot before nested fragments take theirs
  const index = fragments.length - 1;
  fragments[index] = `fragment ${name} on ${type.name} { ${body} }`;
  return ` { ...${name} }`;
}

function objectBody(type: GraphQLObjectType, path: string[], fragments: string[] | null): string {
  const parts = ['__typename'];
  for (const field of Object.values(type.getFields())) {
    if (field.args.some((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined)) continue;
    const named = getNamedType(field.type);
    if (isLeafType(named)) {
      parts.push(field.name);
      continue;
    }
    // Recurse at most twice through the same type on one path, and not too deep.
    if (path.length >= MAX_DEPTH || path.filter((name) => name === named.name).length >= 2) continue;
    parts.push(`${field.name}${selectionOf(field, path, fragments)}`);
  }
  return parts.join(' ');
}
