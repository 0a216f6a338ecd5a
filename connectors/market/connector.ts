import { z } from 'zod';
import { type AcceptedEvent, type Connector, defineHandler, provenanceOf } from '../contract/connector.ts';
import { penaltyKind } from '../contract/enums.ts';
import { institutionSubject, nonEmptyText, usccField } from '../contract/fields.ts';
import { institutionPenaltyDecided, resultWrite } from '../contract/result.ts';
import type { TableWrite } from '../contract/table-write.ts';

/** `market.penalty.decided`: advertising, price, drug or device quality penalty. */
export const penaltyDecided = institutionPenaltyDecided.extend({
  penaltyKinds: z.array(penaltyKind).min(1).default(['FINE']),
});

/** `market.license.changed`: business licence status (营业执照), e.g. listed as abnormal. */
export const licenseChanged = z.object({
  uscc: usccField(),
  status: z.enum(['NORMAL', 'ABNORMAL', 'REVOKED', 'CANCELLED']),
  reason: nonEmptyText().optional(),
});

export function mapPenaltyDecided(event: AcceptedEvent<z.infer<typeof penaltyDecided>>): TableWrite[] {
  const { decisionNo, uscc, violationCode, penaltyKinds, fineYuan, decidedAt, publish } = event.data;
  const subject = { kind: 'institution' as const, uscc };
  return [resultWrite(event, { decisionNo, resultKind: 'PENALTY', subject, violationCode, penaltyKinds, amountYuan: fineYuan, decidedAt, publish })];
}

export function mapLicenseChanged(event: AcceptedEvent<z.infer<typeof licenseChanged>>): TableWrite[] {
  const { uscc, status, reason } = event.data;
  return [{ table: 'businessLicenses', row: { uscc, status, reason: reason ?? null, ...provenanceOf(event) } }];
}

/** Market supervision (市场监管): penalties and business licence status. */
export const marketConnector: Connector = {
  department: 'market',
  topic: 'market.events',
  handlers: {
    'market.penalty.decided': defineHandler({ contract: penaltyDecided, subjectOf: institutionSubject, toWrites: mapPenaltyDecided }),
    'market.license.changed': defineHandler({ contract: licenseChanged, subjectOf: institutionSubject, toWrites: mapLicenseChanged }),
  },
};
