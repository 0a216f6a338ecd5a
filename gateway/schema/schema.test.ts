import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import SchemaBuilder from '@pothos/core';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { assertEveryFieldHasAuthRule, fieldsWithoutAuthRule, MissingAuthRuleError } from './default-deny.ts';
import { gatewaySchema } from './index.ts';
import { printedSchema, printedSchemaPath } from './print-schema.ts';

test('the committed gateway/schema.graphql is the schema the code builds (run npm run schema:print after an API change)', () => {
  assert.equal(readFileSync(printedSchemaPath, 'utf8'), printedSchema());
});

test('every field of the gateway schema has an auth rule', () => {
  assert.deepEqual(fieldsWithoutAuthRule(gatewaySchema()), []);
});

test('a field without an auth rule stops the schema from building (default deny)', () => {
  const builder = new SchemaBuilder<{ AuthScopes: { public: boolean } }>({ plugins: [ScopeAuthPlugin], scopeAuth: { authScopes: () => ({ public: true }) } });
  const Thing = builder.objectRef<{ secret: string; label: string }>('Thing').implement({
    fields: (t) => ({ secret: t.exposeString('secret'), label: t.exposeString('label', { authScopes: { public: true } }) }),
  });
  builder.queryType({ fields: (t) => ({ thing: t.field({ type: Thing, authScopes: { public: true }, resolve: () => ({ secret: 's', label: 'l' }) }) }) });
  assert.throws(
    () => assertEveryFieldHasAuthRule(builder.toSchema()),
    (error: unknown) => error instanceof MissingAuthRuleError && error.code === 'MISSING_AUTH_RULE' && error.fields.join() === 'Thing.secret',
  );
});

test('no global node lookup: rows are reached only through queries that filter by jurisdiction', () => {
  const fields = Object.keys(gatewaySchema().getQueryType()!.getFields());
  assert.ok(!fields.includes('node') && !fields.includes('nodes'), fields.join());
});
