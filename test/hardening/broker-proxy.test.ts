import assert from 'node:assert/strict';
import { once } from 'node:events';
import { connect } from 'node:net';
import { after, before, test } from 'node:test';
import { connectProducer, createKafkaClient, type KafkaClient, runConsumer } from '../../connectors/runtime/kafka.ts';
import { startEmbeddedBroker, type EmbeddedBroker } from '../../hub/embedded-broker.ts';
import { startBrokerProxy, type BrokerProxy } from '../support/broker-proxy.ts';
import { quietLog } from '../support/ingest-harness.ts';
import { rewriteFindCoordinatorResponse, rewriteMetadataResponse } from '../support/kafka-address-rewrite.ts';
import { ownConnectionsTo } from '../support/own-sockets.ts';
import { waitFor } from '../support/wait-for.ts';

// The cut-and-restore proxy the broker fault tests put between the hub and
// the broker: a client behind it must reach the broker only through it, or
// cutting it would prove nothing.

let broker: EmbeddedBroker;
let brokerPort: number;
const proxies: BrokerProxy[] = [];
before(async () => {
  broker = await startEmbeddedBroker();
  brokerPort = Number(broker.bootstrap.split(':')[1]);
});
after(async () => {
  for (const proxy of proxies) await proxy.close();
  await broker?.stop();
});

async function proxyTo(options?: { rewrite: boolean }) {
  const proxy = await startBrokerProxy(broker.bootstrap, options);
  proxies.push(proxy);
  return proxy;
}

const client = (proxy: BrokerProxy, id: string): KafkaClient => createKafkaClient({ brokers: [proxy.bootstrap], clientId: id, log: quietLog });

async function produceAndConsume(kafka: KafkaClient, topic: string, count: number): Promise<string[]> {
  const producer = await connectProducer(kafka);
  await producer.send(topic, Array.from({ length: count }, (_, i) => ({ key: `k${i}`, value: `value ${i}` })));
  const seen: string[] = [];
  const consumer = await runConsumer(kafka, { groupId: `${topic}.group`, topic, onBatch: async (messages) => void seen.push(...messages.map((m) => String(m.value))) });
  try {
    await waitFor(`${count} messages consumed from ${topic}`, async () => seen.length >= count, 30_000);
  } finally {
    await consumer.stop();
    await producer.disconnect();
  }
  return seen;
}

test('kafkajs produces and consumes through the proxy and never connects to the broker itself', async () => {
  const proxy = await proxyTo();
  const kafka = client(proxy, 'proxy-test');
  const producer = await connectProducer(kafka);
  await producer.send('proxy.through', Array.from({ length: 40 }, (_, i) => ({ key: `k${i}`, value: `value ${i}` })));
  const seen: string[] = [];
  const consumer = await runConsumer(kafka, { groupId: 'proxy.through.group', topic: 'proxy.through', onBatch: async (messages) => void seen.push(...messages.map((m) => String(m.value))) });
  await waitFor('40 messages consumed', async () => seen.length >= 40, 30_000);
  assert.deepEqual(new Set(seen), new Set(Array.from({ length: 40 }, (_, i) => `value ${i}`)));

  // While producer and consumer are connected: every socket of this process to the
  // broker's port is one the proxy opened; the client's own all go to the proxy.
  const stats = proxy.stats();
  const toBroker = ownConnectionsTo(brokerPort);
  assert.ok(toBroker.length > 0);
  assert.deepEqual(toBroker.filter((c) => !stats.upstreamLocalPorts.has(c.localPort)), [], 'a client socket reached the broker directly');
  assert.ok(ownConnectionsTo(proxy.port).length >= 2, 'the client holds its bootstrap and broker connections through the proxy');
  assert.ok(stats.rewritten.metadata > 0 && stats.rewritten.findCoordinator > 0, 'Metadata and FindCoordinator responses were rewritten');
  assert.deepEqual([...stats.foreignBrokers], []);
  assert.equal(stats.rewriteFailures, 0);
  await consumer.stop();
  await producer.disconnect();
});

test('without the address rewrite the same client bypasses the proxy (the check above can fail)', async () => {
  const proxy = await proxyTo({ rewrite: false });
  const kafka = client(proxy, 'proxy-bypass-test');
  const producer = await connectProducer(kafka);
  await producer.send('proxy.bypass', [{ key: 'k', value: 'v' }]);
  const direct = ownConnectionsTo(brokerPort).filter((c) => !proxy.stats().upstreamLocalPorts.has(c.localPort));
  await producer.disconnect();
  assert.ok(direct.length > 0, 'the producer connected to the advertised broker address directly');
});

test('cut drops every connection and refuses new ones; after restore a client carries on', async () => {
  const proxy = await proxyTo();
  const kafka = client(proxy, 'proxy-cut-test');
  const producer = await connectProducer(kafka);
  await producer.send('proxy.cut', [{ key: 'k', value: 'before' }]);
  assert.ok(proxy.stats().openConnections > 0);

  proxy.cut();
  assert.equal(proxy.stats().openConnections, 0);
  await waitFor('the client saw its connections close', async () => ownConnectionsTo(proxy.port).length === 0, 5_000);
  const probe = connect(proxy.port, '127.0.0.1');
  let probeError = '';
  probe.on('error', (error: NodeJS.ErrnoException) => (probeError = error.code ?? ''));
  await Promise.race([new Promise((resolve) => probe.once('close', resolve)), new Promise((_, reject) => setTimeout(() => reject(new Error('a new connection was not refused within 2 s')), 2_000))]);
  assert.equal(probeError, 'ECONNRESET');

  // A send during the cut is retried by the client and goes through once the proxy accepts again.
  const sending = producer.send('proxy.cut', [{ key: 'k', value: 'during' }]);
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  proxy.restore();
  await sending;
  await producer.disconnect();
  const values = await produceAndConsume(kafka, 'proxy.cut', 1);
  assert.deepEqual(values.sort(), ['before', 'during', 'value 0']);
});

test('a blackholed proxy accepts connections and answers nothing until restored', async () => {
  const proxy = await proxyTo();
  proxy.cut('blackhole');
  const probe = connect(proxy.port, '127.0.0.1');
  probe.on('error', () => {});
  await once(probe, 'connect');
  // An ApiVersions v0 request: a broker answers at once; the blackhole never does.
  const request = Buffer.from([0, 0, 0, 10, 0, 18, 0, 0, 0, 0, 0, 7, 0, 0]);
  probe.write(request);
  const answered = await Promise.race([once(probe, 'data').then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), 1_000))]);
  assert.equal(answered, false);
  const closed = new Promise((resolve) => probe.once('close', resolve));
  proxy.restore();
  await closed;
  const again = connect(proxy.port, '127.0.0.1');
  await once(again, 'connect');
  again.write(request);
  const [reply] = (await once(again, 'data')) as [Buffer];
  assert.equal(reply.readInt32BE(4), 7, 'the broker answered the correlation id through the restored proxy');
  again.destroy();
});

// Flexible encodings (Metadata v9+, FindCoordinator v3+) are not what the embedded
// broker negotiates with kafkajs (v2 of both, checked above), so they are checked on built frames.
const compactString = (text: string) => Buffer.concat([Buffer.from([Buffer.byteLength(text) + 1]), Buffer.from(text)]);
const i32 = (value: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(value);
  return b;
};
const i16 = (value: number) => {
  const b = Buffer.alloc(2);
  b.writeInt16BE(value);
  return b;
};
const tags = Buffer.from([0]);
const toProxy = ({ host, port }: { host: string; port: number }) => (host === '10.0.0.1' && port === 9092 ? { host: '127.0.0.1', port: 40001 } : { host, port });

test('flexible Metadata (v9+) and FindCoordinator (v3, v4+) responses are rewritten, the rest copied', () => {
  const rest = Buffer.from('topics-and-more');
  const metadataV9 = (host: string, port: number) =>
    Buffer.concat([i32(42), tags, i32(0), Buffer.from([3]), i32(1), compactString(host), i32(port), Buffer.from([0]), tags, i32(2), compactString('10.0.0.2'), i32(9092), compactString('rack-b'), tags, rest]);
  assert.deepEqual(rewriteMetadataResponse(metadataV9('10.0.0.1', 9092), 9, toProxy), Buffer.concat([i32(42), tags, i32(0), Buffer.from([3]), i32(1), compactString('127.0.0.1'), i32(40001), Buffer.from([0]), tags, i32(2), compactString('10.0.0.2'), i32(9092), compactString('rack-b'), tags, rest]));

  const coordinatorV3 = (host: string, port: number) => Buffer.concat([i32(7), tags, i32(0), i16(0), Buffer.from([0]), i32(1), compactString(host), i32(port), tags]);
  assert.deepEqual(rewriteFindCoordinatorResponse(coordinatorV3('10.0.0.1', 9092), 3, toProxy), coordinatorV3('127.0.0.1', 40001));

  const coordinatorV4 = (host: string, port: number) =>
    Buffer.concat([i32(8), tags, i32(0), Buffer.from([2]), compactString('group-a'), i32(1), compactString(host), i32(port), i16(0), Buffer.from([0]), tags, tags]);
  assert.deepEqual(rewriteFindCoordinatorResponse(coordinatorV4('10.0.0.1', 9092), 4, toProxy), coordinatorV4('127.0.0.1', 40001));

  const v0 = (host: string, port: number) => Buffer.concat([i32(9), i16(0), i32(1), i16(Buffer.byteLength(host)), Buffer.from(host), i32(port)]);
  assert.deepEqual(rewriteFindCoordinatorResponse(v0('10.0.0.1', 9092), 0, toProxy), v0('127.0.0.1', 40001));
  assert.throws(() => rewriteMetadataResponse(metadataV9('10.0.0.1', 9092).subarray(0, 12), 9, toProxy), RangeError, 'a truncated frame is refused, never half-rewritten');
});
