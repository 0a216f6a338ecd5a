import type { MessageProducer } from '../connectors/runtime/kafka.ts';
import { describeError } from '../schema/db/describe-error.ts';
import type { HubDatabase } from '../schema/db/database.ts';
import { readAuditHead } from '../gateway/audit/audit-head.ts';
import type { ChainLink } from '../gateway/audit/hash-chain.ts';
import type { HubLogger } from './logger.ts';

/** Where copies of the audit chain head go (DESIGN.md, Access). */
export const AUDIT_HEAD_TOPIC = 'hub.audit';

/**
 * Publishes the audit chain head to `hub.audit` now and then at a fixed
 * interval whenever it moved, so a copy lives outside the database: rows
 * deleted from the end of the chain leave no gap, but they leave a head
 * older than the last one published.
 */
export function startAuditHeadPublisher(options: { db: HubDatabase; producer: MessageProducer; intervalMs: number; log: Pick<HubLogger, 'warn'> }): { stop(): Promise<void> } {
  let published: ChainLink | null = null;
  let running: Promise<void> = Promise.resolve();

  const publishIfMoved = async () => {
    try {
      const head = await readAuditHead(options.db);
      if (!head || (published && published.seq === head.seq && published.hash === head.hash)) return;
      const value = JSON.stringify({ seq: head.seq, hash: head.hash, publishedAt: new Date().toISOString() });
      await options.producer.send(AUDIT_HEAD_TOPIC, [{ key: 'audit-head', value }]);
      published = head;
    } catch (error) {
      // Retried at the next tick; the head only moves forward, so a missed copy is made up for.
      options.log.warn({ err: describeError(error) }, 'publishing the audit chain head failed');
    }
  };

  running = publishIfMoved();
  const timer = setInterval(() => {
    running = running.then(publishIfMoved);
  }, options.intervalMs);
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
