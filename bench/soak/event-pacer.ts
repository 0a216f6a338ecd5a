import { generateEvents } from '../../hub/demo/generate-events.ts';
import { type KcatProducer, kcatProducer } from '../../test/support/kcat.ts';

export interface EventPacer {
  /** Events handed to kcat so far, and how many of them were bad on purpose. */
  published(): { total: number; bad: number };
  /** Stops publishing and waits until kcat delivered everything. */
  stop(): Promise<void>;
}

const TICK_MS = 50;

/**
 * Publishes the generated demo mix (one event in 49 bad on purpose) with
 * kcat at `perSecond`, paced against the clock every 50 ms so a slow tick
 * is made up by the next one. Regional systems publish with their own
 * clients, so the hub's code is not the producer here. kcat gathers what
 * arrives within `lingerMs` into one batch per partition: the embedded
 * broker answers a fetch with one producer batch per partition, so events
 * sent one at a time would cap consumption at the fetch rate (Apache Kafka
 * answers with as many batches as fit).
 */
export function startEventPacer({ bootstrap, perSecond, seed, lingerMs }: { bootstrap: string; perSecond: number; seed: string; lingerMs: number }): EventPacer {
  const events = generateEvents({ facts: Number.MAX_SAFE_INTEGER, badEvery: 49, seed });
  const producers = new Map<string, KcatProducer>();
  const producerFor = (topic: string) => {
    let producer = producers.get(topic);
    if (!producer) producers.set(topic, (producer = kcatProducer(bootstrap, topic, { lingerMs })));
    return producer;
  };
  const started = performance.now();
  let total = 0;
  let bad = 0;
  let writing: Promise<unknown> = Promise.resolve();
  const tick = () => {
    const due = Math.floor(((performance.now() - started) / 1000) * perSecond) - total;
    if (due <= 0) return;
    const byTopic = new Map<string, { key: string; value: string }[]>();
    for (let i = 0; i < due; i++) {
      const next = events.next();
      if (next.done) break;
      const { topic, key, value, valid } = next.value;
      total++;
      if (!valid) bad++;
      let list = byTopic.get(topic);
      if (!list) byTopic.set(topic, (list = []));
      list.push({ key, value });
    }
    // kcat takes lines as fast as the pipe allows; a full pipe delays the next tick, never drops events.
    writing = writing.then(() => Promise.all([...byTopic].map(([topic, list]) => producerFor(topic).write(list))));
  };
  const timer = setInterval(tick, TICK_MS);
  return {
    published: () => ({ total, bad }),
    async stop() {
      clearInterval(timer);
      await writing;
      await Promise.all([...producers.values()].map((producer) => producer.end()));
    },
  };
}
