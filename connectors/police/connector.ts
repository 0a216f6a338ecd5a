import type { z } from 'zod';
import { classifyViolation } from '../../schema/vocabulary/classify-violation.ts';
import { type AcceptedEvent, type Connector, defineHandler, provenanceOf } from '../contract/connector.ts';
import { subjectKey } from '../contract/fields.ts';
import type { TableWrite } from '../contract/table-write.ts';
import { mapClueReported } from '../contract/clue.ts';
import * as contracts from './contracts.ts';

export function mapOffenderPenalized(event: AcceptedEvent<z.infer<typeof contracts.offenderPenalized>>): TableWrite[] {
  const { offenseCode, decidedAt, photoRef, hospitalUscc, ...rest } = event.data;
  const { category } = classifyViolation(event.department, offenseCode);
  return [
    {
      table: 'offenderRecords',
      row: { ...rest, violationCode: offenseCode, category, decidedAt: new Date(decidedAt), photoRef: photoRef ?? null, hospitalUscc: hospitalUscc ?? null, ...provenanceOf(event) },
    },
  ];
}

export function mapCaseAccepted(event: AcceptedEvent<z.infer<typeof contracts.caseAccepted>>): TableWrite[] {
  const { caseNo, policeCaseNo, acceptedAt } = event.data;
  return [{ table: 'caseAcceptances', row: { caseNo, policeCaseNo, acceptedAt: new Date(acceptedAt), ...provenanceOf(event) } }];
}

/** Public security (公安): identities of penalised offenders, case acceptances, clues. */
export const policeConnector: Connector = {
  department: 'police',
  topic: 'police.events',
  handlers: {
    'police.offender.penalized': defineHandler({
      contract: contracts.offenderPenalized,
      subjectOf: (data) => `person:${data.idNumber}`,
      toWrites: mapOffenderPenalized,
    }),
    'police.case.accepted': defineHandler({ contract: contracts.caseAccepted, toWrites: mapCaseAccepted }),
    'police.clue.reported': defineHandler({ contract: contracts.clueReported, subjectOf: (data) => subjectKey(data.subject), toWrites: mapClueReported }),
  },
};
