import { createTestDatabase } from '../support/test-database.ts';
import { stewardMappingsSuite } from './steward-mappings-suite.ts';

stewardMappingsSuite('PostgreSQL', createTestDatabase);
