/**
 * The one module that imports kafkajs: client, producer, consumer group and
 * lag. Everything else speaks `IncomingMessage`, so another client could
 * replace kafkajs here alone.
 */
import { Kafka, Partitioners, type Consumer, type EachBatchPayload, type Producer, logLevel as kafkaLogLevel } from 'kafkajs';
import type { IncomingMessage } from './incoming-message.ts';
import { IngestRuntimeError } from '../errors.ts';
import { describeError, type Logger } from './logger.ts';
import type { MessageHeaders } from './message-headers.ts';

export interface KafkaOptions {
  brokers: string[];
  clientId: string;
  log: Logger;
}

export type KafkaClient = Kafka;

export function createKafkaClient({ brokers, clientId, log }: KafkaOptions): KafkaClient {
  return new Kafka({
    brokers,
    clientId,
    logLevel: kafkaLogLevel.WARN,
    logCreator: () => ({ level, log: entry }) => {
      const { message, ...fields } = entry;
      const method = level <= kafkaLogLevel.ERROR ? 'error' : level === kafkaLogLevel.WARN ? 'warn' : 'debug';
      log[method]({ kafka: fields }, message);
    },
  });
}

export interface OutgoingMessage {
  key: Buffer | string | null;
  value: Buffer | string | null;
  headers?: MessageHeaders;
}

export interface MessageProducer {
  send(topic: string, messages: OutgoingMessage[]): Promise<void>;
  disconnect(): Promise<void>;
}

/** A connected producer that waits for the leader's acknowledgement of every send. */
export async function connectProducer(kafka: KafkaClient): Promise<MessageProducer> {
  const producer: Producer = kafka.producer({ allowAutoTopicCreation: true, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  return {
    async send(topic, messages) {
      if (messages.length === 0) return;
      await producer.send({ topic, acks: -1, messages: messages.map((m) => ({ key: m.key, value: m.value, headers: m.headers as never })) });
    },
    disconnect: () => producer.disconnect(),
  };
}

/** A message for any topic, sent as given: the original bytes of a dead letter a steward replays. */
export interface TopicMessage {
  topic: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, Buffer | string>;
}

export interface Republisher {
  /** Sends the messages to their topics and resolves once the leaders acknowledged every one. */
  send(messages: readonly TopicMessage[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * A producer for occasional sends to any topic (a steward's dead-letter
 * replay). It connects on the first send, not at start, so a gateway with a
 * broker that is down still starts; a failed connection is tried again on
 * the next send.
 */
export function createRepublisher(options: KafkaOptions): Republisher {
  let connecting: Promise<Producer> | null = null;
  const connected = () => {
    connecting ??= (async () => {
      const producer = createKafkaClient(options).producer({ allowAutoTopicCreation: true, createPartitioner: Partitioners.DefaultPartitioner });
      await producer.connect();
      return producer;
    })().catch((error: unknown) => {
      connecting = null;
      throw error;
    });
    return connecting;
  };
  return {
    async send(messages) {
      if (messages.length === 0) return;
      const byTopic = new Map<string, TopicMessage[]>();
      for (const message of messages) {
        const list = byTopic.get(message.topic) ?? [];
        list.push(message);
        byTopic.set(message.topic, list);
      }
      const producer = await connected();
      await producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, list]) => ({ topic, messages: list.map((m) => ({ key: m.key, value: m.value, headers: m.headers })) })),
      });
    },
    async close() {
      const pending = connecting;
      connecting = null;
      if (pending) await pending.then((producer) => producer.disconnect(), () => {});
    },
  };
}

export interface ConsumerOptions {
  groupId: string;
  topic: string;
  /** Handles one partition's batch; offsets are committed only after it resolves. */
  onBatch: (messages: IncomingMessage[], control: BatchControl) => Promise<void>;
  sessionTimeoutMs?: number;
  partitionsConsumedConcurrently?: number;
  fromBeginning?: boolean;
  /**
   * Whether an error `onBatch` threw is an outage worth trying again (default: kafkajs' own `retriable`).
   * kafkajs restarts a consumer that failed with a retriable error and leaves one that failed otherwise
   * stopped for good, so an outage classed wrongly here would end consumption.
   */
  isRetriable?: (error: unknown) => boolean;
}

export interface BatchControl {
  heartbeat(): Promise<void>;
  /** False once this consumer lost the partition or is stopping: give up without committing. */
  stillOwned(): boolean;
}

export interface RunningConsumer {
  stop(): Promise<void>;
}

/** Joins the consumer group (resolving once joined) and feeds batches to `onBatch`, committing after each one by hand. */
export async function runConsumer(kafka: KafkaClient, options: ConsumerOptions): Promise<RunningConsumer> {
  const heartbeatInterval = Math.min(3_000, Math.floor((options.sessionTimeoutMs ?? 30_000) / 3));
  const consumer: Consumer = kafka.consumer({
    groupId: options.groupId,
    sessionTimeout: options.sessionTimeoutMs ?? 30_000,
    heartbeatInterval,
    allowAutoTopicCreation: true,
    // Answer within half a second when a partition is quiet, instead of kafkajs' 5 s.
    maxWaitTimeInMs: 200,
  });
  await consumer.connect();
  await consumer.subscribe({ topic: options.topic, fromBeginning: options.fromBeginning ?? true });
  const joined = new Promise<void>((resolve) => {
    const remove = consumer.on(consumer.events.GROUP_JOIN, () => {
      remove();
      resolve();
    });
  });
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 4,
    eachBatch: async (payload: EachBatchPayload) => {
      const { batch } = payload;
      const last = batch.messages.at(-1);
      if (!last) return;
      const messages: IncomingMessage[] = batch.messages.map((m) => ({
        topic: batch.topic,
        partition: batch.partition,
        offset: m.offset,
        key: m.key,
        value: m.value,
        headers: (m.headers ?? {}) as MessageHeaders,
      }));
      // A batch may wait out a database outage far longer than the session timeout: keep the
      // membership alive meanwhile, or the group drops this consumer and its commit is refused.
      const heartbeats = setInterval(() => void payload.heartbeat().catch(() => {}), heartbeatInterval);
      try {
        await options.onBatch(messages, { heartbeat: payload.heartbeat, stillOwned: () => payload.isRunning() && !payload.isStale() });
      } catch (error) {
        // kafkajs logs what eachBatch throws, message and stack; a query
        // error's message holds the batch's values. Only a safe description
        // travels on, and the offset stays uncommitted, so the batch comes again.
        throw new IngestRuntimeError('STORE_FAILED', `batch from ${batch.topic}[${batch.partition}] not stored: ${describeError(error)}`, (options.isRetriable ?? isRetriableKafkaError)(error));
      } finally {
        clearInterval(heartbeats);
      }
      payload.resolveOffset(last.offset);
      // Through the batch's own commit, not consumer.commitOffsets: that one does nothing once the consumer
      // is stopping, so a batch finished during a graceful stop would be stored but come again after it.
      await payload.commitOffsetsIfNecessary({ topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: (BigInt(last.offset) + 1n).toString() }] }] });
      await payload.heartbeat();
    },
  });
  await joined;
  return { stop: () => consumer.disconnect() };
}

export interface GroupLag {
  groupId: string;
  topic: string;
  /** Messages in the topic not yet committed by the group. */
  lag: number;
  /** Messages ever written to the topic (sum of high watermarks). */
  highWatermark: number;
  /** The lag of each partition. */
  partitions: { partition: number; lag: number }[];
}

export interface LagMeter {
  measure(): Promise<GroupLag[]>;
  disconnect(): Promise<void>;
}

/** A connected admin client that measures the groups' lag on demand, for a progress line that asks every second. */
export async function connectLagMeter(kafka: KafkaClient, groups: { groupId: string; topic: string }[]): Promise<LagMeter> {
  const admin = kafka.admin();
  await admin.connect();
  const measure = () =>
    Promise.all(
      groups.map(async ({ groupId, topic }) => {
        const [ends, committed] = await Promise.all([admin.fetchTopicOffsets(topic), admin.fetchOffsets({ groupId, topics: [topic] })]);
        const done = new Map((committed[0]?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
        let lag = 0;
        let highWatermark = 0;
        const partitions: GroupLag['partitions'] = [];
        for (const end of ends) {
          const high = Number(end.high);
          const at = Math.max(done.get(end.partition) ?? -1, Number(end.low));
          partitions.push({ partition: end.partition, lag: Math.max(0, high - at) });
          lag += Math.max(0, high - at);
          highWatermark += high;
        }
        return { groupId, topic, lag, highWatermark, partitions };
      }),
    );
  return { measure, disconnect: () => admin.disconnect() };
}

/** Lag of each connector's consumer group, from committed offsets against high watermarks: one measurement. */
export async function measureLag(kafka: KafkaClient, groups: { groupId: string; topic: string }[]): Promise<GroupLag[]> {
  const meter = await connectLagMeter(kafka, groups);
  try {
    return await meter.measure();
  } finally {
    await meter.disconnect();
  }
}

/** Whether an error from kafkajs says trying again may succeed. */
export function isRetriableKafkaError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { retriable?: unknown }).retriable === true;
}
