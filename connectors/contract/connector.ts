import type { z } from 'zod';
import type { Department } from '../../schema/vocabulary/categories.ts';
import type { Envelope } from './envelope.ts';
import type { TableWrite } from './table-write.ts';

/** A CloudEvent that passed the envelope checks and its type's contract. */
export interface AcceptedEvent<TData> extends Omit<Envelope, 'data'> {
  data: TData;
}

/** How one event type is checked and turned into rows. */
export interface EventHandler<TData> {
  contract: z.ZodType<TData>;
  /** The envelope `subject` the data implies; an event whose `subject` differs is rejected. */
  subjectOf?: (data: TData) => string;
  toWrites: (event: AcceptedEvent<TData>) => TableWrite[];
}

/** A department's connector: its topic and a handler per event type it publishes. */
export interface Connector {
  department: Department;
  topic: string;
  // Each handler is typed by its own contract; the map erases that on purpose.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  handlers: Record<string, EventHandler<any>>;
}

/** Declares a handler with its data type inferred from the contract. */
export function defineHandler<TSchema extends z.ZodType>(handler: EventHandler<z.infer<TSchema>> & { contract: TSchema }): EventHandler<z.infer<TSchema>> {
  return handler;
}

/** The provenance columns every row written for `event` carries. */
export function provenanceOf(event: AcceptedEvent<unknown>) {
  return { region: event.region, eventSource: event.source, eventId: event.id, eventTime: event.time };
}

/** Subject columns for a subject reference from event data. */
export function subjectColumns(ref: { kind: 'institution'; uscc: string } | { kind: 'person'; idNumber: string; name: string }) {
  return ref.kind === 'institution'
    ? { subjectKind: 'institution' as const, subjectUscc: ref.uscc, subjectIdNumber: null, subjectName: null }
    : { subjectKind: 'person' as const, subjectUscc: null, subjectIdNumber: ref.idNumber, subjectName: ref.name };
}
