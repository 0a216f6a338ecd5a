import { createTestDatabase } from '../support/test-database.ts';
import { sinkSuite } from './sink-suite.ts';

sinkSuite('PostgreSQL', createTestDatabase);
