import { isObjectType, type GraphQLSchema } from 'graphql';

/** Thrown at start-up when a field has no auth rule: an unguarded field never reaches callers. */
export class MissingAuthRuleError extends Error {
  readonly code = 'MISSING_AUTH_RULE';
  readonly fields: string[];
  constructor(fields: string[]) {
    super(`every field needs an auth rule (authScopes on the field or its type); missing on: ${fields.join(', ')}`);
    this.name = 'MissingAuthRuleError';
    this.fields = fields;
  }
}

function hasAuthScopes(extensions: unknown): boolean {
  const options = (extensions as { pothosOptions?: { authScopes?: unknown; skipTypeScopes?: boolean } } | undefined)?.pothosOptions;
  return options?.authScopes !== undefined;
}

/** Default deny: lists every object field with neither its own `authScopes` nor its type's. */
export function fieldsWithoutAuthRule(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const typeGuarded = hasAuthScopes(type.extensions);
    for (const field of Object.values(type.getFields())) {
      const skipsType = (field.extensions as { pothosOptions?: { skipTypeScopes?: boolean } }).pothosOptions?.skipTypeScopes === true;
      const guarded = hasAuthScopes(field.extensions) || (typeGuarded && !skipsType);
      if (!guarded) missing.push(`${type.name}.${field.name}`);
    }
  }
  return missing;
}

export function assertEveryFieldHasAuthRule(schema: GraphQLSchema): GraphQLSchema {
  const missing = fieldsWithoutAuthRule(schema);
  if (missing.length > 0) throw new MissingAuthRuleError(missing);
  return schema;
}
