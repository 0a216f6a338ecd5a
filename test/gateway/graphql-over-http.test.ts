import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { serverAudits } from 'graphql-http';
import { startGatewayHarness, type GatewayHarness } from '../support/gateway-harness.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

// The GraphQL over HTTP spec's own audit suite (a peer's tests, from the graphql-http package) against our endpoint.

let database: TestDatabase;
let hub: GatewayHarness;
before(async () => {
  database = await createTestDatabase();
  hub = await startGatewayHarness(database.db);
});
after(async () => {
  hub.close();
  await database.drop();
});

const audits = serverAudits({ url: 'http://hub.test/graphql', fetchFn: (input: RequestInfo | URL, init?: RequestInit) => hub.gateway.fetch(new Request(input, init)) });

for (const audit of audits) {
  test(audit.name, async () => {
    const result = await audit.fn();
    // MUST is the spec; SHOULD and MAY are recommendations, which we meet too.
    assert.equal(result.status, 'ok', 'reason' in result ? result.reason : undefined);
  });
}
