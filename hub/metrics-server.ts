import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HubMetrics } from './metrics.ts';

export interface RunningMetricsServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * `GET /metrics` on a port of its own, for role `connectors`, which serves
 * no GraphQL: each role can be scraped. Nothing else is served.
 */
export async function startMetricsServer(metrics: HubMetrics, options: { host: string; port: number }): Promise<RunningMetricsServer> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found: metrics are at /metrics\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    metrics.exposition().then(
      ({ contentType, body }) => res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' }).end(req.method === 'HEAD' ? undefined : body),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { host } = options;
  const url = `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host}:${(server.address() as AddressInfo).port}/metrics`;
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
