import type { Plugin } from 'graphql-yoga';
import type { GatewayMetrics } from './gateway-metrics.ts';

/**
 * `GET /metrics`: the Prometheus text exposition. No token, like `/healthz`:
 * a scraper holds none, and the labels carry only topics, codes, reasons and
 * operation names, never a person's data.
 */
export function useMetricsEndpoint(metrics: GatewayMetrics, endpoint = '/metrics'): Plugin {
  return {
    onRequest({ request, url, endResponse }) {
      if (url.pathname !== endpoint) return;
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        endResponse(new Response(null, { status: 405, headers: { allow: 'GET, HEAD' } }));
        return;
      }
      return metrics.exposition().then(({ contentType, body }) => {
        endResponse(new Response(request.method === 'HEAD' ? null : body, { headers: { 'content-type': contentType, 'cache-control': 'no-store' } }));
      });
    },
  };
}
