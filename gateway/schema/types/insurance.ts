import type { InsuranceAgreementRecord, InsuranceAlertRecord } from '../../data/subject-facts.ts';
import { builder } from '../builder.ts';

/** Designated-provider agreement (医保定点协议). Needs `result:read`. */
export const InsuranceAgreement = builder.objectRef<InsuranceAgreementRecord>('InsuranceAgreement').implement({
  authScopes: { scope: 'result:read' },
  fields: (t) => ({
    agreementNo: t.exposeString('agreementNo'),
    status: t.exposeString('status'),
    reason: t.exposeString('reason', { nullable: true }),
    region: t.exposeString('region'),
    changedAt: t.field({ type: 'DateTime', resolve: (agreement) => agreement.eventTime }),
  }),
});

/** Suspicious-billing alert (智能审核预警). Needs `result:read`. */
export const InsuranceAlert = builder.objectRef<InsuranceAlertRecord>('InsuranceAlert').implement({
  authScopes: { scope: 'result:read' },
  fields: (t) => ({
    alertId: t.exposeString('alertId'),
    rule: t.exposeString('rule'),
    score: t.exposeFloat('score'),
    periodStart: t.exposeString('periodStart'),
    periodEnd: t.exposeString('periodEnd'),
    region: t.exposeString('region'),
  }),
});
