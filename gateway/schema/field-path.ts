import type { GraphQLResolveInfo } from 'graphql';

/**
 * What the audit log records as the field read: the schema field, which no
 * alias can disguise, then the response path as the caller wrote it, e.g.
 * `PersonIdentity.idNumber person.records.0.person.idNumber`.
 */
export function fieldPath(info: GraphQLResolveInfo): string {
  const keys: Array<string | number> = [];
  for (let step: GraphQLResolveInfo['path'] | undefined = info.path; step; step = step.prev) keys.push(step.key);
  return `${info.parentType.name}.${info.fieldName} ${keys.reverse().join('.')}`;
}
