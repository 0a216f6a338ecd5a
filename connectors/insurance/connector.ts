import { z } from 'zod';
import { type AcceptedEvent, type Connector, defineHandler, provenanceOf } from '../contract/connector.ts';
import { amountField, dateField, dateTimeField, institutionSubject, nonEmptyText, usccField, violationCodeField } from '../contract/fields.ts';
import { resultWrite } from '../contract/result.ts';
import type { TableWrite } from '../contract/table-write.ts';

/** `insurance.fraud.confirmed` (欺诈骗保): amount is what was defrauded from the fund. */
export const fraudConfirmed = z.object({
  caseNo: nonEmptyText(128),
  uscc: usccField(),
  violationCode: violationCodeField(),
  amountYuan: amountField(),
  decidedAt: dateTimeField(),
  publish: z.boolean().default(false),
});

/** `insurance.agreement.changed` (医保定点协议). */
export const agreementChanged = z.object({
  uscc: usccField(),
  agreementNo: nonEmptyText(64),
  status: z.enum(['SIGNED', 'SUSPENDED', 'TERMINATED', 'RESTORED']),
  reason: nonEmptyText().optional(),
});

/** `insurance.alert.raised`: suspicious billing from smart review. */
export const alertRaised = z
  .object({
    alertId: nonEmptyText(64),
    uscc: usccField(),
    rule: nonEmptyText(),
    score: z.number().min(0).max(1),
    periodStart: dateField(),
    periodEnd: dateField(),
  })
  .refine((alert) => alert.periodStart <= alert.periodEnd, { message: 'periodStart must not be after periodEnd', path: ['periodEnd'] });

export function mapFraudConfirmed(event: AcceptedEvent<z.infer<typeof fraudConfirmed>>): TableWrite[] {
  const { caseNo, uscc, violationCode, amountYuan, decidedAt, publish } = event.data;
  const subject = { kind: 'institution' as const, uscc };
  return [resultWrite(event, { decisionNo: caseNo, resultKind: 'FRAUD_CONFIRMED', subject, violationCode, penaltyKinds: [], amountYuan, decidedAt, publish })];
}

export function mapAgreementChanged(event: AcceptedEvent<z.infer<typeof agreementChanged>>): TableWrite[] {
  const { uscc, agreementNo, status, reason } = event.data;
  return [{ table: 'insuranceAgreements', row: { uscc, agreementNo, status, reason: reason ?? null, ...provenanceOf(event) } }];
}

export function mapAlertRaised(event: AcceptedEvent<z.infer<typeof alertRaised>>): TableWrite[] {
  return [{ table: 'insuranceAlerts', row: { ...event.data, ...provenanceOf(event) } }];
}

/** Medical insurance (医保): confirmed fraud, designated-provider agreements, billing alerts. */
export const insuranceConnector: Connector = {
  department: 'insurance',
  topic: 'insurance.events',
  handlers: {
    'insurance.fraud.confirmed': defineHandler({ contract: fraudConfirmed, subjectOf: institutionSubject, toWrites: mapFraudConfirmed }),
    'insurance.agreement.changed': defineHandler({ contract: agreementChanged, subjectOf: institutionSubject, toWrites: mapAgreementChanged }),
    'insurance.alert.raised': defineHandler({ contract: alertRaised, subjectOf: institutionSubject, toWrites: mapAlertRaised }),
  },
};
