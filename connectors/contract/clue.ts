import { z } from 'zod';
import { classifyViolation } from '../../schema/vocabulary/classify-violation.ts';
import { type AcceptedEvent, provenanceOf, subjectColumns } from './connector.ts';
import { clueChannel, departmentField } from './enums.ts';
import { nonEmptyText, subjectRefField, violationCodeField } from './fields.ts';
import type { TableWrite } from './table-write.ts';

/** `<department>.clue.reported`: a violation clue (线索); health and police publish the same shape. */
export const clueReported = z.object({
  clueId: nonEmptyText(64),
  subject: subjectRefField(),
  violationCode: violationCodeField(),
  summary: nonEmptyText(),
  channel: clueChannel,
  targetDepartments: z.array(departmentField).default([]),
});

export function mapClueReported(event: AcceptedEvent<z.infer<typeof clueReported>>): TableWrite[] {
  const { clueId, subject, violationCode, summary, channel, targetDepartments } = event.data;
  const { category } = classifyViolation(event.department, violationCode);
  return [
    {
      table: 'clues',
      row: { department: event.department, clueId, ...subjectColumns(subject), violationCode, category, summary, channel, targetDepartments, ...provenanceOf(event) },
    },
  ];
}
