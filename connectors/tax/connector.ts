import { z } from 'zod';
import { type AcceptedEvent, type Connector, defineHandler, provenanceOf } from '../contract/connector.ts';
import { institutionSubject, usccField } from '../contract/fields.ts';
import { institutionPenaltyDecided, resultWrite } from '../contract/result.ts';
import type { TableWrite } from '../contract/table-write.ts';

/** `tax.penalty.decided`: a tax penalty for an institution. */
export const penaltyDecided = institutionPenaltyDecided;

/** `tax.credit.rated`: taxpayer credit rating (纳税信用等级). */
export const creditRated = z.object({
  uscc: usccField(),
  year: z.number().int().min(2000).max(2100),
  rating: z.enum(['A', 'B', 'M', 'C', 'D']),
});

export function mapPenaltyDecided(event: AcceptedEvent<z.infer<typeof penaltyDecided>>): TableWrite[] {
  const { decisionNo, uscc, violationCode, fineYuan, decidedAt, publish } = event.data;
  const subject = { kind: 'institution' as const, uscc };
  return [resultWrite(event, { decisionNo, resultKind: 'PENALTY', subject, violationCode, penaltyKinds: ['FINE'], amountYuan: fineYuan, decidedAt, publish })];
}

export function mapCreditRated(event: AcceptedEvent<z.infer<typeof creditRated>>): TableWrite[] {
  return [{ table: 'taxRatings', row: { ...event.data, ...provenanceOf(event) } }];
}

/** Tax (税务): penalties and credit ratings. */
export const taxConnector: Connector = {
  department: 'tax',
  topic: 'tax.events',
  handlers: {
    'tax.penalty.decided': defineHandler({ contract: penaltyDecided, subjectOf: institutionSubject, toWrites: mapPenaltyDecided }),
    'tax.credit.rated': defineHandler({ contract: creditRated, subjectOf: institutionSubject, toWrites: mapCreditRated }),
  },
};
