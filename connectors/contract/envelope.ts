import { z } from 'zod';
import { isRegionCode } from '../../schema/identifiers/index.ts';
import type { Department } from '../../schema/vocabulary/categories.ts';
import { RejectedMessageError } from '../errors.ts';
import { dateTimeField } from './fields.ts';
import { describeIssues } from './issues.ts';
import { findUnstorableText } from './storable-text.ts';

/** The CloudEvents 1.0 attributes the hub requires beyond the spec's own minimum. */
const envelopeSchema = z.object({
  id: z.string().min(1).max(200),
  type: z.string().min(1),
  time: dateTimeField(),
  subject: z.string().regex(/^(institution|person|inspector):\S{1,64}$/, 'must be institution:<uscc>, person:<id number> or inspector:<id>'),
  data: z.unknown().refine((data) => data !== undefined, { message: 'is required' }),
});

export interface Envelope {
  id: string;
  source: string;
  type: string;
  subject: string;
  time: Date;
  department: Department;
  /** The reporting agency's region, from `source`. */
  region: string;
  data: unknown;
}

const SOURCE = /^\/([a-z]+)\/([^/]+)\/[^/].*$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Parses a message value as a structured-mode CloudEvent published to
 * `department`'s topic. Throws `RejectedMessageError` with the first rule it
 * breaks, in a fixed order, so each class of bad input has one stable code.
 */
export function parseEnvelope(value: Buffer | null, department: Department): Envelope {
  let json: unknown;
  try {
    if (value === null || value.length === 0) throw new Error('empty message');
    json = JSON.parse(value.toString('utf8'));
  } catch (cause) {
    throw new RejectedMessageError('NOT_JSON', 'message value is not JSON', { cause });
  }
  if (!isObject(json) || !['specversion', 'id', 'source', 'type'].every((key) => typeof json[key] === 'string')) {
    throw new RejectedMessageError('NOT_CLOUDEVENT', 'not a structured-mode CloudEvent: specversion, id, source and type must be strings');
  }
  if (json.specversion !== '1.0') throw new RejectedMessageError('UNSUPPORTED_SPECVERSION', 'specversion must be "1.0"');
  const unstorable = findUnstorableText(json);
  if (unstorable) throw new RejectedMessageError('INVALID_TEXT', `${unstorable}: text holds a NUL character or an unpaired surrogate`);
  const contentType = json.datacontenttype;
  if (contentType !== undefined && (typeof contentType !== 'string' || !/^application\/json\s*(;|$)/.test(contentType))) {
    throw new RejectedMessageError('UNSUPPORTED_CONTENT_TYPE', 'datacontenttype must be application/json');
  }
  const source = String(json.source);
  const match = SOURCE.exec(source);
  if (!match) throw new RejectedMessageError('BAD_SOURCE', 'source must be /<department>/<6-digit region>/<system>');
  const [, sourceDepartment = '', region = ''] = match;
  if (!isRegionCode(region) || region === '000000') throw new RejectedMessageError('INVALID_REGION', 'source region is not a 6-digit administrative division code');
  if (sourceDepartment !== department) {
    throw new RejectedMessageError('DEPARTMENT_MISMATCH', `source department "${sourceDepartment}" does not match topic of department "${department}"`);
  }
  const type = String(json.type);
  if (type.split('.')[0] !== department) throw new RejectedMessageError('DEPARTMENT_MISMATCH', `event type is not a ${department} type`);

  const parsed = envelopeSchema.safeParse(json);
  if (!parsed.success) {
    const { code, reason } = describeIssues(parsed.error.issues, json, '');
    throw new RejectedMessageError(code, reason);
  }
  const { id, time, subject, data } = parsed.data;
  return { id, source, type, subject, time: new Date(time), department, region, data };
}
