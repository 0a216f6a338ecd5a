/**
 * The steps of a graceful stop still running, by name, so a stop that
 * overruns its bound can say what did not finish (e.g. "http requests in
 * flight (2)", "connectors: batches in flight and offset commits").
 */
export class StopSteps {
  private readonly running = new Map<number, string | (() => string)>();
  private next = 0;

  /** Runs `work` as a named step; `name` may be a function, read when the step is reported. */
  async run<T>(name: string | (() => string), work: () => Promise<T>): Promise<T> {
    const id = this.next++;
    this.running.set(id, name);
    try {
      return await work();
    } finally {
      this.running.delete(id);
    }
  }

  /** The names of the steps not finished yet, in the order they began. */
  unfinished(): string[] {
    return [...this.running.values()].map((name) => (typeof name === 'string' ? name : name()));
  }
}
