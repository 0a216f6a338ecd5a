import { setTimeout as sleep } from 'node:timers/promises';
import type { MessageProducer } from '../../connectors/runtime/kafka.ts';
import type { Logger } from '../../connectors/runtime/logger.ts';
import { generateEvents } from './generate-events.ts';

/**
 * Publishes the demo data set through Kafka, a chunk at a time so a newcomer
 * watches it flow in. Ids are deterministic: publishing again on the next
 * start changes nothing (the ledger recognises every event).
 */
export async function publishDemo(
  producer: MessageProducer,
  log: Logger,
  { facts = 2_000, chunk = 100, pauseMs = 200, signal }: { facts?: number; chunk?: number; pauseMs?: number; signal?: AbortSignal } = {},
): Promise<{ published: number; bad: number }> {
  // 49, not 50: facts cycle through the five demo regions, so every region (and its steward) gets bad events to see.
  const messages = [...generateEvents({ facts, badEvery: 49 })];
  for (let start = 0; start < messages.length; start += chunk) {
    if (signal?.aborted) return { published: start, bad: messages.slice(0, start).filter((m) => !m.valid).length };
    const byTopic = new Map<string, { key: string; value: string }[]>();
    for (const m of messages.slice(start, start + chunk)) byTopic.set(m.topic, [...(byTopic.get(m.topic) ?? []), { key: m.key, value: m.value }]);
    await Promise.all([...byTopic].map(([topic, list]) => producer.send(topic, list.map((m) => ({ ...m, headers: { 'content-type': 'application/cloudevents+json' } })))));
    await sleep(pauseMs);
  }
  const bad = messages.filter((m) => !m.valid).length;
  log.info({ published: messages.length, bad }, 'demo data published through Kafka (some events are bad on purpose, to show the dead-letter queue)');
  return { published: messages.length, bad };
}
