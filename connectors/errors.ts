/**
 * Why a message was dead-lettered. These strings are a stable contract: they
 * travel in the `x-hub-error` header and the dead-letter table, and regional
 * systems switch on them.
 */
export type DeadLetterCode =
  | 'NOT_JSON'
  | 'NOT_CLOUDEVENT'
  | 'UNSUPPORTED_SPECVERSION'
  | 'UNSUPPORTED_CONTENT_TYPE'
  | 'BAD_SOURCE'
  | 'DEPARTMENT_MISMATCH'
  | 'UNKNOWN_TYPE'
  | 'INVALID_TEXT'
  | 'MISSING_FIELD'
  | 'INVALID_FIELD'
  | 'INVALID_DATE'
  | 'NEGATIVE_AMOUNT'
  | 'INVALID_REGION'
  | 'INVALID_USCC'
  | 'INVALID_ID_NUMBER'
  | 'SUBJECT_MISMATCH'
  | 'MAPPING_FAILED'
  | 'STORE_REJECTED';

/** A message that cannot be accepted. Never retriable: retrying the same bytes gives the same answer. */
export class RejectedMessageError extends Error {
  readonly retriable = false;
  readonly code: DeadLetterCode;
  constructor(code: DeadLetterCode, reason: string, options?: { cause?: unknown }) {
    super(reason, options);
    this.name = 'RejectedMessageError';
    this.code = code;
  }
}

export type RuntimeErrorCode = 'KCAT_MISSING' | 'BROKER_START_FAILED' | 'STORE_FAILED';

/** A failure of the machinery (broker, database), not of a message. `retriable` says whether backing off may help. */
export class IngestRuntimeError extends Error {
  readonly code: RuntimeErrorCode;
  readonly retriable: boolean;
  constructor(code: RuntimeErrorCode, message: string, retriable: boolean, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'IngestRuntimeError';
    this.code = code;
    this.retriable = retriable;
  }
}
