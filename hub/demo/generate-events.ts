import { createHash } from 'node:crypto';
import { corruptEvent } from './corrupt-event.ts';
import { type DemoInstitution, demoInspectorId, demoInstitution, demoPerson, demoRegions } from './demo-directory.ts';
import { type EventDraft, factDrafts } from './fact-drafts.ts';

export interface GeneratedMessage {
  topic: string;
  /** The CloudEvent subject, so one subject's events stay in order. */
  key: string;
  value: string;
  /** false for a message made bad on purpose (it must be dead-lettered). */
  valid: boolean;
}

export interface GenerateOptions {
  /** Events after the directory registrations. */
  facts: number;
  institutionsPerRegion?: number;
  inspectorsPerRegion?: number;
  /** Every n-th fact is corrupted in one of the ways the DLQ tests name; 0 for none. */
  badEvery?: number;
  /** Mixed into event ids, so two runs with different seeds never collide in the ledger. */
  seed?: string;
  /** Start time of the generated history. */
  start?: Date;
}

/** Deterministic UUID-shaped id, so a re-published demo is recognised as the same events. */
function eventId(seed: string, n: number): string {
  const h = createHash('sha1').update(`${seed}:${n}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * A generated, reproducible data set across the five demo regions: first the
 * directories (institutions, inspectors), then a mix of every other event
 * type. Used by `npm start` (demo data) and the ingest benchmark.
 */
export function* generateEvents(options: GenerateOptions): Generator<GeneratedMessage> {
  const seed = options.seed ?? 'demo';
  const perRegion = options.institutionsPerRegion ?? 20;
  const inspectors = options.inspectorsPerRegion ?? 4;
  const startMs = (options.start ?? new Date('2026-01-05T00:00:00Z')).getTime();
  let n = 0;
  let corrupted = 0;
  const emit = (draft: EventDraft, corrupt: boolean): GeneratedMessage => {
    const id = eventId(seed, n);
    const time = new Date(startMs + n * 60_000).toISOString();
    n++;
    const event = {
      specversion: '1.0',
      id,
      source: `/${draft.department}/${draft.region}/${draft.system}`,
      type: draft.type,
      time,
      datacontenttype: 'application/json',
      subject: draft.subject,
      data: draft.data,
    };
    const topic = `${draft.department}.events`;
    if (corrupt) return { topic, key: draft.subject, value: corruptEvent(event, corrupted++), valid: false };
    return { topic, key: draft.subject, value: JSON.stringify(event), valid: true };
  };

  const institutions: DemoInstitution[][] = demoRegions.map((_, r) => Array.from({ length: perRegion }, (_, i) => demoInstitution(r, i)));
  for (const regional of institutions) {
    for (const inst of regional) {
      yield emit(
        {
          department: 'health',
          region: inst.region,
          system: 'licensing',
          type: 'health.institution.registered',
          subject: `institution:${inst.uscc}`,
          data: { uscc: inst.uscc, name: inst.name, kind: inst.kind, ownership: inst.index % 4 === 0 ? 'PUBLIC' : 'PRIVATE', licenseNo: `PDY${inst.region}${String(inst.index).padStart(5, '0')}`, region: inst.region, address: `${inst.name.slice(0, 6)}人民路${inst.index + 1}号` },
        },
        false,
      );
    }
    const region = regional[0]!.region;
    for (let i = 0; i < inspectors; i++) {
      const inspectorId = demoInspectorId(region, i);
      yield emit(
        {
          department: 'health',
          region,
          system: 'personnel',
          type: 'health.inspector.registered',
          subject: `inspector:${inspectorId}`,
          data: { inspectorId, name: demoPerson(i, i + 100).name, agency: `health:${region}`, region, certificateNo: `WJZF${region}${i + 1}`, avoidInstitutions: i === 0 ? [regional[1 % perRegion]!.uscc] : [] },
        },
        false,
      );
    }
  }

  const badEvery = options.badEvery ?? 0;
  for (let f = 0; f < options.facts; f++) {
    const r = f % demoRegions.length;
    const regional = institutions[r]!;
    const institution = regional[(f * 7) % regional.length]!;
    const person = demoPerson(r, f % 500);
    const inspectorIds = [demoInspectorId(institution.region, f % inspectors), demoInspectorId(institution.region, (f + 1) % inspectors)];
    const draft = factDrafts({ f, institution, person, inspectorIds, decidedAt: new Date(startMs + n * 60_000 - 1_800_000).toISOString() });
    yield emit(draft, badEvery > 0 && f % badEvery === badEvery - 1);
  }
}
