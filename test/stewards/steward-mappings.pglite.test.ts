import { openDatabase } from '../../schema/db/open-database.ts';
import { stewardMappingsSuite } from './steward-mappings-suite.ts';

stewardMappingsSuite('PGlite', () => openDatabase({ driver: 'pglite' }));
