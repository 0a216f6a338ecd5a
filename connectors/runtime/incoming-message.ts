import type { MessageHeaders } from './message-headers.ts';

/** A Kafka record as the ingest runtime sees it, independent of the client library. */
export interface IncomingMessage {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: MessageHeaders;
}
