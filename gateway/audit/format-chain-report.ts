import type { BrokenLink } from './hash-chain.ts';
import type { AuditChainReport } from './verify-audit-chain.ts';

/** Hex digits of a hash shown: enough to compare by eye with the copy on `hub.audit`. */
const HASH_PREFIX = 12;

const count = new Intl.NumberFormat('en-US');

/** The verification report as one paragraph for the CLI. */
export function formatChainReport(report: AuditChainReport): string {
  const { head, firstBroken } = report;
  if (!firstBroken) {
    if (!head) return 'audit chain intact: no entries yet';
    return `audit chain intact: ${entries(report.checked)}, head #${head.seq} ${head.hash.slice(0, HASH_PREFIX)}…`;
  }
  const before = head ? `; ${entries(report.checked)} before it ${report.checked === 1 ? 'is' : 'are'} intact (last #${head.seq} ${head.hash.slice(0, HASH_PREFIX)}…)` : '';
  return `audit chain BROKEN at entry #${firstBroken.seq}: ${explain(firstBroken, head?.seq ?? 0)}${before}`;
}

function explain({ seq, reason }: BrokenLink, lastIntact: number): string {
  switch (reason) {
    case 'HASH_MISMATCH':
      return 'hash does not match its contents (altered after it was written)';
    case 'PREVIOUS_HASH_MISMATCH':
      return `it does not carry the hash of entry #${lastIntact} (that entry was altered and re-hashed, or this one replaced)`;
    case 'SEQUENCE_GAP': {
      const first = lastIntact + 1;
      const last = seq - 1;
      return `${first === last ? `entry #${first} is` : `entries #${first}–#${last} are`} missing (deleted)`;
    }
  }
}

function entries(n: number): string {
  return `${count.format(n)} ${n === 1 ? 'entry' : 'entries'}`;
}
