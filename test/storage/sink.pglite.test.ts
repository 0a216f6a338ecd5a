import { openDatabase } from '../../schema/db/open-database.ts';
import { sinkSuite } from './sink-suite.ts';

sinkSuite('PGlite', () => openDatabase({ driver: 'pglite' }));
