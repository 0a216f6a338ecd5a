import { after } from 'node:test';

/**
 * For a test file that builds things up step by step (broker, database,
 * processes): register how to undo each as it is made; after the file's
 * tests they are undone newest first, and one failing undo does not stop
 * the others.
 */
export function cleanupAfterAll(): (undo: () => Promise<unknown>) => void {
  const steps: (() => Promise<unknown>)[] = [];
  after(async () => {
    for (const undo of steps.reverse()) await undo().catch(() => {});
  });
  return (undo) => void steps.push(undo);
}
