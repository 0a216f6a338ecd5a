import type { Connector } from '../contract/connector.ts';
import { parseEnvelope } from '../contract/envelope.ts';
import { describeIssues } from '../contract/issues.ts';
import { rejectedEventIds } from '../contract/rejected-event-ids.ts';
import type { TableWrite } from '../contract/table-write.ts';
import { type DeadLetterCode, RejectedMessageError } from '../errors.ts';
import type { IncomingMessage } from './incoming-message.ts';

export type DecodedMessage =
  | { accepted: true; message: IncomingMessage; source: string; eventId: string; type: string; writes: TableWrite[] }
  | { accepted: false; message: IncomingMessage; code: DeadLetterCode; reason: string; source: string | null; eventId: string | null };

/**
 * Validates one message against the envelope rules and its type's contract
 * and maps it to rows. Pure: no I/O, so it is the unit every contract test drives.
 */
export function decodeMessage(connector: Connector, message: IncomingMessage): DecodedMessage {
  let ids: { source: string; eventId: string } | null = null;
  try {
    const envelope = parseEnvelope(message.value, connector.department);
    ids = { source: envelope.source, eventId: envelope.id };
    const handler = connector.handlers[envelope.type];
    if (!handler) throw new RejectedMessageError('UNKNOWN_TYPE', `unknown event type for ${connector.department}`);
    const parsed = handler.contract.safeParse(envelope.data);
    if (!parsed.success) {
      const { code, reason } = describeIssues(parsed.error.issues, envelope.data, 'data');
      throw new RejectedMessageError(code, reason);
    }
    if (handler.subjectOf && handler.subjectOf(parsed.data) !== envelope.subject) {
      throw new RejectedMessageError('SUBJECT_MISMATCH', 'envelope subject does not name the subject in data');
    }
    let writes: TableWrite[];
    try {
      writes = handler.toWrites({ ...envelope, data: parsed.data });
    } catch (cause) {
      throw new RejectedMessageError('MAPPING_FAILED', 'event passed its contract but could not be mapped', { cause });
    }
    return { accepted: true, message, source: envelope.source, eventId: envelope.id, type: envelope.type, writes };
  } catch (error) {
    if (!(error instanceof RejectedMessageError)) throw error;
    // Rejected by the envelope itself: keep its source where it can be read, so the dead letter has a region.
    const known = ids ?? rejectedEventIds(message.value);
    return { accepted: false, message, code: error.code, reason: error.message, source: known?.source ?? null, eventId: known?.eventId ?? null };
  }
}
