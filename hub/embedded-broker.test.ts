import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IngestRuntimeError } from '../connectors/errors.ts';
import { startEmbeddedBroker } from './embedded-broker.ts';

test('without kcat the embedded broker fails with a coded error naming the install command', async () => {
  await assert.rejects(startEmbeddedBroker({ kcatPath: '/nonexistent/kcat' }), (error: unknown) => {
    assert.ok(error instanceof IngestRuntimeError);
    assert.equal(error.code, 'KCAT_MISSING');
    assert.match(error.message, /apt-get install kcat/);
    assert.match(error.message, /KAFKA_BROKERS/);
    return true;
  });
});

test('the embedded broker reports a loopback bootstrap address and stops', async () => {
  const broker = await startEmbeddedBroker();
  assert.match(broker.bootstrap, /^127\.0\.0\.1:\d+$/);
  await broker.stop();
});
