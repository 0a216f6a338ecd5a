import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { canonicalJson, type ChainedAuditEntry, findFirstBrokenLink, GENESIS_HASH, type HashableAuditEntry, hashAuditEntry } from './hash-chain.ts';

const entry = (seq: number): HashableAuditEntry => ({
  seq,
  recordedAt: '2026-11-25T13:40:36.123Z',
  action: 'UNMASKED_READ',
  actor: 'officer-0042',
  agency: 'police:510181',
  operation: 'PersonRecords',
  fieldPath: `person.records.${seq}.idNumber`,
  recordId: `offender_records:510181/GA-2026-${seq}`,
  purposeBasis: 'CASE_INVESTIGATION',
  purposeReference: '成公（刑）立字〔2026〕17号',
  requestId: `req-${seq}`,
  subjectIdNumber: '510181199001011234',
  detail: null,
});

function chain(length: number): ChainedAuditEntry[] {
  const rows: ChainedAuditEntry[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= length; seq++) {
    const hash = hashAuditEntry(prevHash, entry(seq));
    rows.push({ ...entry(seq), prevHash, hash });
    prevHash = hash;
  }
  return rows;
}

const start = { seq: 0, hash: GENESIS_HASH };

describe('hashAuditEntry', () => {
  test('is 64 hex digits, stable for the same input', () => {
    const hash = hashAuditEntry(GENESIS_HASH, entry(1));
    assert.match(hash, /^[0-9a-f]{64}$/);
    assert.equal(hashAuditEntry(GENESIS_HASH, entry(1)), hash);
    assert.equal(GENESIS_HASH, '0'.repeat(64));
  });

  test('covers the previous hash and every field', () => {
    const base = hashAuditEntry(GENESIS_HASH, entry(1));
    assert.notEqual(hashAuditEntry('1'.repeat(64), entry(1)), base);
    const changes: Partial<HashableAuditEntry>[] = [
      { seq: 2 },
      { recordedAt: '2026-11-25T13:40:36.124Z' },
      { action: 'PHOTO_ACCESS' },
      { actor: 'officer-0043' },
      { agency: 'police:510182' },
      { operation: 'anonymous' },
      { fieldPath: 'person.records.1.name' },
      { recordId: 'offender_records:510181/GA-2026-2' },
      { purposeBasis: null },
      { purposeReference: null },
      { requestId: 'req-2' },
      { subjectIdNumber: null },
      { detail: { grant: 'g-1' } },
    ];
    const hashes = changes.map((change) => hashAuditEntry(GENESIS_HASH, { ...entry(1), ...change }));
    assert.equal(new Set([base, ...hashes]).size, changes.length + 1);
  });

  test('field boundaries are unambiguous', () => {
    const a = hashAuditEntry(GENESIS_HASH, { ...entry(1), actor: 'officer-0042,', agency: 'police' });
    const b = hashAuditEntry(GENESIS_HASH, { ...entry(1), actor: 'officer-0042', agency: ',police' });
    const c = hashAuditEntry(GENESIS_HASH, { ...entry(1), purposeBasis: null });
    const d = hashAuditEntry(GENESIS_HASH, { ...entry(1), purposeBasis: 'null' });
    assert.notEqual(a, b);
    assert.notEqual(c, d);
  });

  test('detail is hashed whatever order its keys come in, as jsonb returns them', () => {
    const written = hashAuditEntry(GENESIS_HASH, { ...entry(1), detail: { scope: 'clue:read', regions: ['310000', '320000'], grant: { id: 7, basis: 'YRD' } } });
    const readBack = hashAuditEntry(GENESIS_HASH, { ...entry(1), detail: { grant: { basis: 'YRD', id: 7 }, regions: ['310000', '320000'], scope: 'clue:read' } });
    assert.equal(readBack, written);
    assert.notEqual(hashAuditEntry(GENESIS_HASH, { ...entry(1), detail: { regions: ['320000', '310000'] } }), hashAuditEntry(GENESIS_HASH, { ...entry(1), detail: { regions: ['310000', '320000'] } }));
  });
});

describe('canonicalJson', () => {
  test('sorts keys at every depth, integer-like keys included, and drops what JSON drops', () => {
    assert.equal(canonicalJson({ b: 1, a: [{ z: null, y: 'x' }], 10: true, 2: false, gone: undefined }), '{"10":true,"2":false,"a":[{"y":"x","z":null}],"b":1}');
    assert.equal(canonicalJson(undefined), 'null');
    assert.equal(canonicalJson(new Date('2026-01-01T00:00:00Z')), '"2026-01-01T00:00:00.000Z"');
  });
});

describe('findFirstBrokenLink', () => {
  test('an intact chain, whole or continued from a verified entry, has no broken link', () => {
    const rows = chain(6);
    assert.equal(findFirstBrokenLink(rows, start), null);
    assert.equal(findFirstBrokenLink(rows.slice(3), rows[2]!), null);
    assert.equal(findFirstBrokenLink([], start), null);
  });

  test('an entry altered after it was written: HASH_MISMATCH at that entry', () => {
    const rows = chain(6);
    rows[3] = { ...rows[3]!, agency: 'police:999999' };
    assert.deepEqual(findFirstBrokenLink(rows, start), { seq: 4, reason: 'HASH_MISMATCH' });
  });

  test('an entry altered and re-hashed: PREVIOUS_HASH_MISMATCH at the next one', () => {
    const rows = chain(6);
    const altered = { ...rows[3]!, agency: 'police:999999' };
    rows[3] = { ...altered, hash: hashAuditEntry(altered.prevHash, altered) };
    assert.deepEqual(findFirstBrokenLink(rows, start), { seq: 5, reason: 'PREVIOUS_HASH_MISMATCH' });
  });

  test('a deleted entry: SEQUENCE_GAP at the one after it, the first entry included', () => {
    const rows = chain(6);
    assert.deepEqual(findFirstBrokenLink([...rows.slice(0, 2), ...rows.slice(3)], start), { seq: 4, reason: 'SEQUENCE_GAP' });
    assert.deepEqual(findFirstBrokenLink(rows.slice(1), start), { seq: 2, reason: 'SEQUENCE_GAP' });
  });

  test('a batch that does not continue the verified entry breaks at its first row', () => {
    const rows = chain(6);
    assert.deepEqual(findFirstBrokenLink(rows.slice(3), { seq: 3, hash: 'f'.repeat(64) }), { seq: 4, reason: 'PREVIOUS_HASH_MISMATCH' });
  });

  test('an entry moved to another seq breaks the chain', () => {
    const rows = chain(3);
    const moved = [rows[0]!, { ...rows[2]!, seq: 2 }];
    assert.deepEqual(findFirstBrokenLink(moved, start), { seq: 2, reason: 'PREVIOUS_HASH_MISMATCH' });
  });
});
