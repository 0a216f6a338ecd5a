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

/** A read the audit log must hold before the value is returned, other than a person's: a dead letter's original event. */
export interface AuditedRead {
  action: 'DEAD_LETTER_READ';
  fieldPath: string;
  /** e.g. `dead_letters:42`. */
  recordId: string;
  /** What was read, beyond the record id (no personal data). */
  detail?: unknown;
}

/** A dead letter's original message, as a steward's replay sends it back to its topic. */
export interface RepublishedMessage {
  topic: string;
  key: Buffer | null;
  value: Buffer | null;
  /** As received; a header stored as `base64:` text (binary in the original) goes back as its bytes. */
  headers: Record<string, Buffer | string>;
}

/** What steward mutations need beyond the database; the hub wires them. */
export interface StewardServices {
  /** Called after a grant or suspension commits, so this replica applies it at once (others poll); never rejects: the change is made. */
  accessChanged(): Promise<void>;
  /** Sends messages to their topics; absent where no broker is configured (replay then answers SERVICE_UNAVAILABLE). */
  republish?: (messages: RepublishedMessage[]) => Promise<void>;
}

/** Per-request state every resolver receives. */
export interface GatewayContext {
  db: HubDatabase;
  access: AccessScope;
  requestId: string;
  /** The GraphQL operation name, or `anonymous`: recorded in audit entries. */
  operation: string;
  stewardship: StewardServices;
  /** Resolves once the audit record is written; rejects if it cannot be, and the data must then be withheld. */
  recordPersonalRead(read: PersonalRead): Promise<void>;
  /** The same for other audited reads; batched with personal reads into one append. */
  recordRead(read: AuditedRead): Promise<void>;
}

export function createGatewayContext(options: {
  db: HubDatabase;
  access: AccessScope;
  requestId: string;
  operationName: string | undefined;
  audit: AuditSink;
  stewardship?: StewardServices;
}): GatewayContext {
  const { access, requestId, audit } = options;
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
    operation: options.operationName ?? 'anonymous',
    stewardship: options.stewardship ?? { accessChanged: async () => {} },
    // Methods reading `this`, not this object: yoga copies these properties onto its own context object, and
    // the operation name is set on that one once the document is parsed (server/operation-name.ts).
    recordPersonalRead(read) {
      return auditBatch.load({
        action: read.action,
        actor: access.caller?.subject ?? 'anonymous',
        agency: access.caller?.agency ?? 'anonymous',
        operation: this.operation,
        fieldPath: read.fieldPath,
        recordId: read.recordId,
        purposeBasis: read.purpose?.basis ?? null,
        purposeReference: read.purpose?.reference ?? null,
        requestId,
        subjectIdNumber: read.subjectIdNumber,
      });
    },
    recordRead(read) {
      return auditBatch.load({
        action: read.action,
        actor: access.caller?.subject ?? 'anonymous',
        agency: access.caller?.agency ?? 'anonymous',
        operation: this.operation,
        fieldPath: read.fieldPath,
        recordId: read.recordId,
        purposeBasis: null,
        purposeReference: null,
        requestId,
        subjectIdNumber: null,
        detail: read.detail,
      });
    },
  };
}
