import type { GraphQLResolveInfo } from 'graphql';
import { maskIdNumber, maskName } from '../../../schema/identifiers/index.ts';
import { mayUnmask, type Purpose } from '../../access/purpose.ts';
import type { AuditedRead, GatewayContext } from '../../context.ts';
import { gatewayError } from '../../errors.ts';
import { builder } from '../builder.ts';
import { fieldPath } from '../field-path.ts';

/**
 * A person as a record names them. The ID number and name are masked
 * (510181********1234, 张*) unless the caller has `identity:read` and the
 * query that reached this person stated a purpose; every unmasked read is
 * audited before the value is returned.
 */
export interface PersonIdentityShape {
  idNumber: string;
  name: string | null;
  /** Which stored record the values come from, for the audit entry. */
  recordId: string;
  purpose: Purpose | null;
}

export const PersonIdentity = builder.objectRef<PersonIdentityShape>('PersonIdentity').implement({
  description: 'A person named by a record. Masked unless the caller has identity:read and stated a purpose.',
  authScopes: { public: true },
  fields: (t) => ({
    idNumber: t.string({
      nullable: true,
      resolve: (person, _args, context, info) => revealOrMask(person, person.idNumber, maskIdNumber, context, info),
    }),
    name: t.string({
      nullable: true,
      resolve: (person, _args, context, info) => (person.name === null ? null : revealOrMask(person, person.name, maskName, context, info)),
    }),
    masked: t.boolean({
      description: 'Whether idNumber and name are masked for this caller',
      resolve: (person, _args, context) => !mayUnmask(context.access, person.purpose),
    }),
  }),
});

async function revealOrMask(person: PersonIdentityShape, value: string, mask: (value: string) => string, context: GatewayContext, info: GraphQLResolveInfo): Promise<string> {
  if (!mayUnmask(context.access, person.purpose)) return mask(value);
  await auditedOrWithheld(context, { action: 'UNMASKED_READ', fieldPath: fieldPath(info), recordId: person.recordId, subjectIdNumber: person.idNumber, purpose: person.purpose });
  return value;
}

/** Waits for the audit record; if it cannot be written, the data is not returned. */
export async function auditedOrWithheld(context: GatewayContext, read: AuditedRead): Promise<void> {
  try {
    await context.recordRead(read);
  } catch (error) {
    throw gatewayError('SERVICE_UNAVAILABLE', 'the audit record for this read could not be written, so the data is withheld; try again later', {}, error);
  }
}
