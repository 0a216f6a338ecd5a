import assert from 'node:assert/strict';
import { test } from 'node:test';
import { appendAuditEntries, AuditWriteError } from '../../gateway/audit/append-audit.ts';
import { openDatabase } from '../../schema/db/open-database.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { auditSuite } from './audit-suite.ts';

const onSameDatabase = (main: TestDatabase) => openDatabase({ driver: 'postgres', url: main.url, poolSize: 5 }, { migrate: false });

auditSuite('PostgreSQL', { open: createTestDatabase, openPeer: onSameDatabase, openSpare: onSameDatabase });

test('with no server to reach, the append rejects with AuditWriteError', async () => {
  const unreachable = await openDatabase({ driver: 'postgres', url: 'postgres://postgres@127.0.0.1:1/none', poolSize: 1 }, { migrate: false });
  try {
    const draft = { action: 'UNMASKED_READ', actor: 'a', agency: 'b', operation: 'c', fieldPath: 'd', recordId: 'e', purposeBasis: null, purposeReference: null, requestId: 'f', subjectIdNumber: null } as const;
    await assert.rejects(appendAuditEntries(unreachable.db, [draft]), (error) => error instanceof AuditWriteError && error.code === 'AUDIT_WRITE_FAILED' && /ECONNREFUSED/.test(error.message));
  } finally {
    await unreachable.close();
  }
});
