import type { Connector } from '../contract/connector.ts';
import { defineHandler } from '../contract/connector.ts';
import { institutionSubject, subjectKey } from '../contract/fields.ts';
import * as contracts from './contracts.ts';
import * as mapping from './mapping.ts';

/** Health commissions (卫健): institution and inspector directories, clues, inspections, penalties, scores, case transfers. */
export const healthConnector: Connector = {
  department: 'health',
  topic: 'health.events',
  handlers: {
    'health.institution.registered': defineHandler({ contract: contracts.institutionSnapshot, subjectOf: institutionSubject, toWrites: mapping.mapInstitutionSnapshot }),
    'health.institution.changed': defineHandler({ contract: contracts.institutionSnapshot, subjectOf: institutionSubject, toWrites: mapping.mapInstitutionSnapshot }),
    'health.institution.revoked': defineHandler({ contract: contracts.institutionRevoked, subjectOf: institutionSubject, toWrites: mapping.mapInstitutionRevoked }),
    'health.inspector.registered': defineHandler({
      contract: contracts.inspectorRegistered,
      subjectOf: (data) => `inspector:${data.inspectorId}`,
      toWrites: mapping.mapInspectorRegistered,
    }),
    'health.clue.reported': defineHandler({ contract: contracts.clueReported, subjectOf: (data) => subjectKey(data.subject), toWrites: mapping.mapClueReported }),
    'health.inspection.completed': defineHandler({ contract: contracts.inspectionCompleted, subjectOf: institutionSubject, toWrites: mapping.mapInspectionCompleted }),
    'health.penalty.decided': defineHandler({ contract: contracts.penaltyDecided, subjectOf: (data) => subjectKey(data.subject), toWrites: mapping.mapPenaltyDecided }),
    'health.score.recorded': defineHandler({ contract: contracts.scoreRecorded, subjectOf: (data) => subjectKey(data.subject), toWrites: mapping.mapScoreRecorded }),
    'health.case.transferred': defineHandler({ contract: contracts.caseTransferred, subjectOf: (data) => subjectKey(data.subject), toWrites: mapping.mapCaseTransferred }),
  },
};
