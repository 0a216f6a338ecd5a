/**
 * Rewrites the broker addresses in Kafka Metadata (api key 3) and
 * FindCoordinator (api key 10) responses. A Kafka client bootstraps from one
 * address, then connects to the addresses the cluster advertises; a proxy
 * that only forwarded bytes would be bypassed after the first response.
 * Everything but the addresses is copied byte for byte.
 *
 * Wire formats from the Kafka protocol guide (kafka.apache.org/protocol):
 * Metadata responses are flexible (compact strings and arrays, tagged
 * fields) from v9, FindCoordinator responses from v3; a flexible response
 * has tagged fields after its correlation id (response header v1).
 */

export const METADATA = 3;
export const FIND_COORDINATOR = 10;

/** Where a broker is reachable: what the cluster advertises, or what a client should dial instead. */
export interface BrokerAddress {
  host: string;
  port: number;
}

/** Maps an advertised broker to the address to advertise instead (or the same one). */
export type AddressMapper = (advertised: BrokerAddress) => BrokerAddress;

export const isFlexibleResponse = (apiKey: number, version: number) => (apiKey === METADATA ? version >= 9 : apiKey === FIND_COORDINATOR ? version >= 3 : false);

/** Reads a response body left to right; every read checks bounds, so a truncated frame throws instead of misreading. */
class Reader {
  offset: number;
  readonly buffer: Buffer;
  constructor(buffer: Buffer, offset = 0) {
    this.buffer = buffer;
    this.offset = offset;
  }
  private need(bytes: number) {
    if (this.offset + bytes > this.buffer.length) throw new RangeError(`Kafka response truncated at byte ${this.offset}`);
  }
  int16() {
    this.need(2);
    const value = this.buffer.readInt16BE(this.offset);
    this.offset += 2;
    return value;
  }
  int32() {
    this.need(4);
    const value = this.buffer.readInt32BE(this.offset);
    this.offset += 4;
    return value;
  }
  uvarint() {
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      this.need(1);
      const byte = this.buffer[this.offset++]!;
      value |= (byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return value >>> 0;
    }
    throw new RangeError('unsigned varint longer than 5 bytes');
  }
  bytes(length: number) {
    this.need(length);
    const slice = this.buffer.subarray(this.offset, this.offset + length);
    this.offset += length;
    return slice;
  }
  /** A STRING (int16 length) or, when flexible, a COMPACT_STRING (uvarint length + 1); null when nullable and absent. */
  string(flexible: boolean): string | null {
    const length = flexible ? this.uvarint() - 1 : this.int16();
    return length < 0 ? null : this.bytes(length).toString('utf8');
  }
  /** Array length: INT32, or when flexible uvarint length + 1 (0 = null). */
  arrayLength(flexible: boolean) {
    return flexible ? this.uvarint() - 1 : this.int32();
  }
  skipTaggedFields() {
    const count = this.uvarint();
    for (let i = 0; i < count; i++) {
      this.uvarint();
      this.bytes(this.uvarint());
    }
  }
}

function uvarint(value: number): Buffer {
  const bytes: number[] = [];
  let rest = value >>> 0;
  while (rest >= 0x80) {
    bytes.push((rest & 0x7f) | 0x80);
    rest >>>= 7;
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}

function int32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeInt32BE(value);
  return buffer;
}

function encodeString(value: string, flexible: boolean): Buffer {
  const text = Buffer.from(value, 'utf8');
  if (flexible) return Buffer.concat([uvarint(text.length + 1), text]);
  const length = Buffer.alloc(2);
  length.writeInt16BE(text.length);
  return Buffer.concat([length, text]);
}

/**
 * Copies `payload` (a response without its size prefix), replacing each
 * broker host and port: `walk` reads the response up to its last address and
 * calls `address` where each one starts, so every other byte is copied unchanged.
 */
function rewriteAddresses(payload: Buffer, walk: (reader: Reader, address: (flexible: boolean) => void) => void, map: AddressMapper): Buffer {
  const parts: Buffer[] = [];
  let copiedUpTo = 0;
  const reader = new Reader(payload);
  walk(reader, (flexible) => {
    const start = reader.offset;
    const host = reader.string(flexible);
    const port = reader.int32();
    if (host === null) return;
    const target = map({ host, port });
    if (target.host === host && target.port === port) return;
    parts.push(payload.subarray(copiedUpTo, start), encodeString(target.host, flexible), int32(target.port));
    copiedUpTo = reader.offset;
  });
  if (copiedUpTo === 0) return payload;
  parts.push(payload.subarray(copiedUpTo));
  return Buffer.concat(parts);
}

/** Metadata response: the brokers array (node id, host, port, rack), then topics copied as they are. */
export function rewriteMetadataResponse(payload: Buffer, version: number, map: AddressMapper): Buffer {
  const flexible = isFlexibleResponse(METADATA, version);
  return rewriteAddresses(
    payload,
    (reader, address) => {
      reader.int32(); // correlation id
      if (flexible) reader.skipTaggedFields();
      if (version >= 3) reader.int32(); // throttle_time_ms
      const brokers = reader.arrayLength(flexible);
      for (let i = 0; i < brokers; i++) {
        reader.int32(); // node_id
        address(flexible);
        if (version >= 1) reader.string(flexible); // rack
        if (flexible) reader.skipTaggedFields();
      }
    },
    map,
  );
}

/** FindCoordinator response: one coordinator (v0–v3) or, from v4, an array of them, one per key. */
export function rewriteFindCoordinatorResponse(payload: Buffer, version: number, map: AddressMapper): Buffer {
  const flexible = isFlexibleResponse(FIND_COORDINATOR, version);
  return rewriteAddresses(
    payload,
    (reader, address) => {
      reader.int32(); // correlation id
      if (flexible) reader.skipTaggedFields();
      if (version >= 1) reader.int32(); // throttle_time_ms
      if (version <= 3) {
        reader.int16(); // error_code
        if (version >= 1) reader.string(flexible); // error_message
        reader.int32(); // node_id
        address(flexible);
        return;
      }
      const coordinators = reader.arrayLength(true);
      for (let i = 0; i < coordinators; i++) {
        reader.string(true); // key
        reader.int32(); // node_id
        address(true);
        reader.int16(); // error_code
        reader.string(true); // error_message
        reader.skipTaggedFields();
      }
    },
    map,
  );
}

/** The api key, version and correlation id at the start of a request (without its size prefix). */
export function readRequestHeader(payload: Buffer): { apiKey: number; apiVersion: number; correlationId: number } | null {
  if (payload.length < 8) return null;
  return { apiKey: payload.readInt16BE(0), apiVersion: payload.readInt16BE(2), correlationId: payload.readInt32BE(4) };
}

/**
 * Splits a byte stream into Kafka frames (int32 size + payload). Feed it
 * chunks as they arrive; it returns the complete frames' payloads.
 */
export class FrameSplitter {
  private pending: Buffer = Buffer.alloc(0);
  push(chunk: Buffer): Buffer[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const frames: Buffer[] = [];
    while (this.pending.length >= 4) {
      const size = this.pending.readInt32BE(0);
      if (size < 0) throw new RangeError(`negative Kafka frame size ${size}`);
      if (this.pending.length < 4 + size) break;
      frames.push(this.pending.subarray(4, 4 + size));
      this.pending = this.pending.subarray(4 + size);
    }
    return frames;
  }
}

/** A payload with its int32 size prefix, ready to write. */
export function frame(payload: Buffer): Buffer {
  return Buffer.concat([int32(payload.length), payload]);
}
