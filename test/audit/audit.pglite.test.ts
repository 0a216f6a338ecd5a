import { openDatabase } from '../../schema/db/open-database.ts';
import { auditSuite } from './audit-suite.ts';

// One in-memory PGlite has one connection: the peer is the same handle, and
// the spare a database of its own.
auditSuite('PGlite', {
  open: () => openDatabase({ driver: 'pglite' }),
  openPeer: async (main) => ({ ...main, close: async () => undefined }),
  openSpare: () => openDatabase({ driver: 'pglite' }),
});
