import { z } from 'zod';
import { classifyViolation } from '../../schema/vocabulary/classify-violation.ts';
import { type AcceptedEvent, type Connector, defineHandler, provenanceOf } from '../contract/connector.ts';
import { penaltyKind } from '../contract/enums.ts';
import { amountField, dateTimeField, nonEmptyText, usccField } from '../contract/fields.ts';
import type { TableWrite } from '../contract/table-write.ts';

/** `market.penalty.decided`: advertising, price, drug or device quality penalty. */
export const penaltyDecided = z.object({
  decisionNo: nonEmptyText(128),
  uscc: usccField(),
  violationCode: nonEmptyText(64),
  penaltyKinds: z.array(penaltyKind).min(1).default(['FINE']),
  fineYuan: amountField(),
  decidedAt: dateTimeField(),
  publish: z.boolean().default(false),
});

/** `market.license.changed`: business licence status (营业执照), e.g. listed as abnormal. */
export const licenseChanged = z.object({
  uscc: usccField(),
  status: z.enum(['NORMAL', 'ABNORMAL', 'REVOKED', 'CANCELLED']),
  reason: nonEmptyText().optional(),
});

export function mapPenaltyDecided(event: AcceptedEvent<z.infer<typeof penaltyDecided>>): TableWrite[] {
  const { decisionNo, uscc, violationCode, penaltyKinds, fineYuan, decidedAt, publish } = event.data;
  const { category } = classifyViolation(event.department, violationCode);
  return [
    {
      table: 'penalties',
      row: {
        department: event.department,
        decisionNo,
        resultKind: 'PENALTY',
        subjectKind: 'institution',
        subjectUscc: uscc,
        violationCode,
        category,
        penaltyKinds,
        amountYuan: String(fineYuan),
        decidedAt: new Date(decidedAt),
        publish,
        ...provenanceOf(event),
      },
    },
  ];
}

export function mapLicenseChanged(event: AcceptedEvent<z.infer<typeof licenseChanged>>): TableWrite[] {
  const { uscc, status, reason } = event.data;
  return [{ table: 'businessLicenses', row: { uscc, status, reason: reason ?? null, ...provenanceOf(event) } }];
}

const institutionSubject = (data: { uscc: string }) => `institution:${data.uscc}`;

/** Market supervision (市场监管): penalties and business licence status. */
export const marketConnector: Connector = {
  department: 'market',
  topic: 'market.events',
  handlers: {
    'market.penalty.decided': defineHandler({ contract: penaltyDecided, subjectOf: institutionSubject, toWrites: mapPenaltyDecided }),
    'market.license.changed': defineHandler({ contract: licenseChanged, subjectOf: institutionSubject, toWrites: mapLicenseChanged }),
  },
};
