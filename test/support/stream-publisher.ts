import { setTimeout as sleep } from 'node:timers/promises';
import { type KcatProducer, kcatProducer } from './kcat.ts';
import type { PublishedMessage } from './exactly-once.ts';

export interface StreamPublisher {
  /** Publishes `messages` in slices of `perSlice` every `everyMs`, so the stream flows while a test injects its fault. */
  publish(messages: readonly PublishedMessage[], options?: { perSlice?: number; everyMs?: number }): Promise<void>;
  /** Waits until kcat has delivered everything. */
  end(): Promise<void>;
}

/** One long-running `kcat -P` per topic, straight to the broker (never through the hub's code or a test proxy). */
export function streamPublisher(bootstrap: string): StreamPublisher {
  const producers = new Map<string, KcatProducer>();
  const producerFor = (topic: string) => {
    let producer = producers.get(topic);
    if (!producer) producers.set(topic, (producer = kcatProducer(bootstrap, topic)));
    return producer;
  };
  return {
    async publish(messages, { perSlice = 200, everyMs = 50 } = {}) {
      for (let at = 0; at < messages.length; at += perSlice) {
        const slice = messages.slice(at, at + perSlice);
        const byTopic = new Map<string, PublishedMessage[]>();
        for (const m of slice) byTopic.set(m.topic, [...(byTopic.get(m.topic) ?? []), m]);
        await Promise.all([...byTopic].map(([topic, list]) => producerFor(topic).write(list)));
        await sleep(everyMs);
      }
    },
    async end() {
      await Promise.all([...producers.values()].map((p) => p.end()));
    },
  };
}
