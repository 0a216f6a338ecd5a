/** `npm run schema:print`: writes the GraphQL schema to gateway/schema.graphql, which is committed so every API change shows in review. */
import { writeFileSync } from 'node:fs';
import { printSchema } from 'graphql';
import { gatewaySchema } from './index.ts';

export const printedSchemaPath = new URL('../schema.graphql', import.meta.url);

export function printedSchema(): string {
  return `${printSchema(gatewaySchema())}\n`;
}

if (import.meta.main) {
  writeFileSync(printedSchemaPath, printedSchema());
  process.stdout.write(`wrote ${printedSchemaPath.pathname}\n`);
}
