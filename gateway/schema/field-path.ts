import type { GraphQLResolveInfo } from 'graphql';

/** The response path of a field, e.g. `person.records.0.identity.idNumber` (aliases as the caller wrote them). */
export function fieldPath(info: GraphQLResolveInfo): string {
  const keys: Array<string | number> = [];
  for (let step: GraphQLResolveInfo['path'] | undefined = info.path; step; step = step.prev) keys.push(step.key);
  return keys.reverse().join('.');
}
