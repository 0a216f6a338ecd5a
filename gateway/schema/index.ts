import type { GraphQLSchema } from 'graphql';
import { builder } from './builder.ts';
import { assertEveryFieldHasAuthRule } from './default-deny.ts';
import './types/access-grant.ts';
import './types/audit-chain.ts';
import './types/audit-log.ts';
import './types/clue.ts';
import './types/code-mapping.ts';
import './types/credit.ts';
import './types/dead-letter.ts';
import './types/insurance.ts';
import './types/institution.ts';
import './types/police-record.ts';
import './types/public-penalty.ts';
import './types/result.ts';
import './types/subject.ts';

let built: GraphQLSchema | undefined;

/** The gateway's GraphQL schema; refuses to build if any field lacks an auth rule (default deny). */
export function gatewaySchema(): GraphQLSchema {
  built ??= assertEveryFieldHasAuthRule(builder.toSchema({ sortSchema: true }));
  return built;
}
