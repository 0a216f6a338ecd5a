import type pg from 'pg';

const BEGIN = /^\s*begin\b/i;

type QueryArgs = [config: string | { text?: string }, ...rest: unknown[]];

/**
 * Works around drizzle-orm's node-postgres `transaction()` (0.45.x, also
 * 1.0 rc; drizzle-team/drizzle-orm#6241, #6023): it checks a client out of
 * the pool and sends BEGIN *before* the try/finally that releases it. When
 * BEGIN fails — a connection that died while idle, as after a database
 * restart — the client is never released and the pool loses the slot for
 * the life of the process: after a few restarts every query waits for a
 * connection forever, and `pool.end()` never resolves.
 *
 * Here a checked-out client whose BEGIN fails is released at once with the
 * error (so the pool destroys it), and the later releases of that checkout
 * do nothing. The callback form of `connect` (what `pool.query` uses)
 * releases on its own and is left alone.
 */
export function releaseOnFailedBegin(pool: Pick<pg.Pool, 'connect'>): void {
  const connect = pool.connect.bind(pool) as (...args: unknown[]) => unknown;
  (pool as { connect: unknown }).connect = (...args: unknown[]) => {
    if (args.length > 0) return connect(...args);
    return (connect() as Promise<pg.PoolClient>).then(guardCheckout);
  };
}

function guardCheckout(client: pg.PoolClient): pg.PoolClient {
  const release = client.release;
  const query = client.query;
  let released = false;
  client.release = (error?: Error | boolean) => {
    if (released) return;
    released = true;
    client.query = query;
    release.call(client, error);
  };
  client.query = function guardedQuery(this: pg.PoolClient, ...args: QueryArgs) {
    const [config] = args;
    const result = (query as (...a: QueryArgs) => unknown).apply(this, args);
    const text = typeof config === 'string' ? config : config?.text;
    if (typeof text !== 'string' || !BEGIN.test(text) || !(result instanceof Promise)) return result;
    return result.catch((error: unknown) => {
      client.release(error instanceof Error ? error : new Error(String(error)));
      throw error;
    });
  } as typeof client.query;
  return client;
}
