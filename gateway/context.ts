import DataLoader from 'dataloader';
import type { HubDatabase } from '../schema/db/database.ts';
import type { AccessScope } from './access/access-scope.ts';
import type { Purpose } from './access/purpose.ts';
import type { AuditEntryDraft } from './audit/audit-entry.ts';

/** Where audit records go; the gateway awaits it before returning the data it records. */
export interface AuditSink {
  append(drafts: AuditEntryDraft[]): Promise<void>;
}

/** One read of a person's unmasked data or photo, as a resolver reports it. */
export interface PersonalRead {
  action: 'UNMASKED_READ' | 'PHOTO_ACCESS';
  fieldPath: string;
  recordId: string;
  subjectIdNumber: string;
  purpose: Purpose | null;
}

/** Per-request state every resolver receives. */
export interface GatewayContext {
  db: HubDatabase;
  access: AccessScope;
  requestId: string;
  /** Resolves once the audit record is written; rejects if it cannot be, and the data must then be withheld. */
  recordPersonalRead(read: PersonalRead): Promise<void>;
}

export function createGatewayContext(options: { db: HubDatabase; access: AccessScope; requestId: string; operationName: string | undefined; audit: AuditSink }): GatewayContext {
  const { access, requestId, audit } = options;
  const operation = options.operationName ?? 'anonymous';
  // All reads of one tick go to the audit log in one serialised append.
  const auditBatch = new DataLoader<AuditEntryDraft, void>(
    async (drafts) => {
      await audit.append([...drafts]);
      return drafts.map(() => undefined);
    },
    { cache: false },
  );
  return {
    db: options.db,
    access,
    requestId,
    recordPersonalRead: (read) =>
      auditBatch.load({
        action: read.action,
        actor: access.caller?.subject ?? 'anonymous',
        agency: access.caller?.agency ?? 'anonymous',
        operation,
        fieldPath: read.fieldPath,
        recordId: read.recordId,
        purposeBasis: read.purpose?.basis ?? null,
        purposeReference: read.purpose?.reference ?? null,
        requestId,
        subjectIdNumber: read.subjectIdNumber,
      }),
  };
}
