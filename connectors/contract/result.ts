import { z } from 'zod';
import { classifyViolation } from '../../schema/vocabulary/classify-violation.ts';
import { type AcceptedEvent, provenanceOf, subjectColumns } from './connector.ts';
import { amountField, dateTimeField, nonEmptyText, type SubjectRef, usccField, violationCodeField } from './fields.ts';
import type { TableWrite } from './table-write.ts';

/** A penalty decided against an institution, as market supervision and tax publish it. */
export const institutionPenaltyDecided = z.object({
  decisionNo: nonEmptyText(128),
  uscc: usccField(),
  violationCode: violationCodeField(),
  fineYuan: amountField(),
  decidedAt: dateTimeField(),
  publish: z.boolean().default(false),
});

export interface ResultFields {
  decisionNo: string;
  resultKind: 'PENALTY' | 'FRAUD_CONFIRMED';
  subject: SubjectRef;
  violationCode: string;
  penaltyKinds: string[];
  amountYuan: number;
  decidedAt: string;
  publish: boolean;
  basis?: string;
}

/** The `penalties` row of a result (处理结果) decided by any department, classified onto the shared vocabulary. */
export function resultWrite(event: AcceptedEvent<unknown>, fields: ResultFields): TableWrite {
  const { category } = classifyViolation(event.department, fields.violationCode);
  return {
    table: 'penalties',
    row: {
      department: event.department,
      decisionNo: fields.decisionNo,
      resultKind: fields.resultKind,
      ...subjectColumns(fields.subject),
      violationCode: fields.violationCode,
      category,
      penaltyKinds: fields.penaltyKinds,
      // Contracts allow at most two decimals below 10^14, so this never turns exponential.
      amountYuan: String(fields.amountYuan),
      decidedAt: new Date(fields.decidedAt),
      publish: fields.publish,
      basis: fields.basis ?? null,
      ...provenanceOf(event),
    },
  };
}
