import DataLoader from 'dataloader';
import type { HubDatabase } from '../schema/db/database.ts';
import type { AccessScope } from './access/access-scope.ts';
import { auditDraft, type AuditActor, type AuditedAct } from './audit/audit-draft.ts';
import type { AuditEntryDraft } from './audit/audit-entry.ts';

/** Where audit records go; the gateway awaits it before returning the data it records. */
export interface AuditSink {
  append(drafts: AuditEntryDraft[]): Promise<void>;
}

/** A read the audit log must hold before the value is returned: a person's unmasked data or photo, a dead letter's event. */
export type AuditedRead = AuditedAct & { action: 'UNMASKED_READ' | 'PHOTO_ACCESS' | 'DEAD_LETTER_READ' };

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
  /** The caller as audit entries name it. */
  auditActor(): AuditActor;
  /**
   * Resolves once the audit record is written; rejects if it cannot be, and
   * the data must then be withheld. `by` is the caller unless given (a
   * steward's read names its region). All reads of one tick go in one append.
   */
  recordRead(read: AuditedRead, by?: AuditActor): Promise<void>;
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
    auditActor() {
      return { actor: access.caller?.subject ?? 'anonymous', agency: access.caller?.agency ?? 'anonymous', operation: this.operation, requestId };
    },
    recordRead(read, by) {
      return auditBatch.load(auditDraft(by ?? this.auditActor(), read));
    },
  };
}
