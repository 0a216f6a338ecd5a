import { once } from 'node:events';
import { createServer, connect, type Server, type Socket } from 'node:net';
import {
  type BrokerAddress,
  FIND_COORDINATOR,
  FrameSplitter,
  frame,
  METADATA,
  readRequestHeader,
  rewriteFindCoordinatorResponse,
  rewriteMetadataResponse,
} from './kafka-address-rewrite.ts';

/**
 * A TCP proxy in front of one Kafka broker that a fault test can cut and
 * restore. The embedded broker keeps its topics in memory only, so a broker
 * outage is simulated here instead of by a restart. Clients bootstrap from
 * `bootstrap`; the proxy rewrites the broker address in Metadata and
 * FindCoordinator responses to its own, so they keep coming through it after
 * bootstrap. Every other byte is forwarded as it is.
 */
export interface BrokerProxy {
  /** `127.0.0.1:<port>` of the proxy's listener. */
  bootstrap: string;
  port: number;
  /**
   * Destroys every connection through the proxy; until `restore()`, new ones
   * are reset at once (`refuse`) or accepted and never answered (`blackhole`).
   */
  cut(mode?: 'refuse' | 'blackhole'): void;
  restore(): void;
  stats(): BrokerProxyStats;
  close(): Promise<void>;
}

export interface BrokerProxyStats {
  acceptedConnections: number;
  openConnections: number;
  /** Local ports of every connection the proxy opened to the broker: the only peers the broker should see from clients behind it. */
  upstreamLocalPorts: ReadonlySet<number>;
  rewritten: { metadata: number; findCoordinator: number };
  /** `apiKey:version` of the Metadata and FindCoordinator requests seen. */
  versionsSeen: ReadonlySet<string>;
  /** Advertised addresses of brokers other than the one behind the proxy (left as they are, so a client would bypass it). */
  foreignBrokers: ReadonlySet<string>;
  /** Responses that could not be parsed; their connections were closed rather than forwarded unrewritten. */
  rewriteFailures: number;
}

interface Pair {
  client: Socket;
  upstream: Socket;
}

function parseAddress(address: string): BrokerAddress {
  const match = /^(.+):(\d+)$/.exec(address);
  if (!match) throw new Error(`not a host:port address: ${address}`);
  return { host: match[1]!, port: Number(match[2]) };
}

/** Starts a proxy to `upstream` (`host:port`) on a free loopback port. `rewrite: false` forwards bytes only (to show a client then bypasses it). */
export async function startBrokerProxy(upstream: string, { rewrite = true } = {}): Promise<BrokerProxy> {
  const target = parseAddress(upstream);
  let mode: 'open' | 'refuse' | 'blackhole' = 'open';
  const pairs = new Set<Pair>();
  const held = new Set<Socket>();
  const stats = {
    acceptedConnections: 0,
    upstreamLocalPorts: new Set<number>(),
    rewritten: { metadata: 0, findCoordinator: 0 },
    versionsSeen: new Set<string>(),
    foreignBrokers: new Set<string>(),
    rewriteFailures: 0,
  };
  let self: BrokerAddress = { host: '127.0.0.1', port: 0 };
  const advertise = (address: BrokerAddress): BrokerAddress => {
    if (address.host === target.host && address.port === target.port) return self;
    stats.foreignBrokers.add(`${address.host}:${address.port}`);
    return address;
  };

  const server: Server = createServer((client) => {
    stats.acceptedConnections++;
    if (mode === 'refuse') return client.resetAndDestroy();
    if (mode === 'blackhole') {
      held.add(client);
      client.on('error', () => {});
      client.on('close', () => held.delete(client));
      client.resume();
      return;
    }
    bridge(client);
  });

  function bridge(client: Socket): void {
    const upstreamSocket = connect(target.port, target.host);
    const pair: Pair = { client, upstream: upstreamSocket };
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstreamSocket.destroy();
    };
    client.on('error', end).on('close', end);
    upstreamSocket.on('error', end).on('close', end);
    upstreamSocket.once('connect', () => {
      if (upstreamSocket.localPort) stats.upstreamLocalPorts.add(upstreamSocket.localPort);
    });

    // Correlation ids of the requests whose responses carry broker addresses.
    const expected = new Map<number, { apiKey: number; version: number }>();
    const requests = new FrameSplitter();
    const responses = new FrameSplitter();
    const forward = (from: Socket, to: Socket, bytes: Buffer) => {
      if (!to.write(bytes)) {
        from.pause();
        to.once('drain', () => from.resume());
      }
    };
    client.on('data', (chunk: Buffer) => {
      if (!rewrite) return forward(client, upstreamSocket, chunk);
      try {
        for (const payload of requests.push(chunk)) {
          const header = readRequestHeader(payload);
          if (header && (header.apiKey === METADATA || header.apiKey === FIND_COORDINATOR)) {
            expected.set(header.correlationId, { apiKey: header.apiKey, version: header.apiVersion });
            stats.versionsSeen.add(`${header.apiKey}:${header.apiVersion}`);
          }
          forward(client, upstreamSocket, frame(payload));
        }
      } catch {
        stats.rewriteFailures++;
        end();
      }
    });
    upstreamSocket.on('data', (chunk: Buffer) => {
      if (!rewrite) return forward(upstreamSocket, client, chunk);
      try {
        for (const payload of responses.push(chunk)) {
          const request = payload.length >= 4 ? expected.get(payload.readInt32BE(0)) : undefined;
          let out = payload;
          if (request) {
            expected.delete(payload.readInt32BE(0));
            if (request.apiKey === METADATA) {
              out = rewriteMetadataResponse(payload, request.version, advertise);
              stats.rewritten.metadata++;
            } else {
              out = rewriteFindCoordinatorResponse(payload, request.version, advertise);
              stats.rewritten.findCoordinator++;
            }
          }
          forward(upstreamSocket, client, frame(out));
        }
      } catch {
        // Never forward an address unrewritten: the client would bypass the proxy from then on.
        stats.rewriteFailures++;
        end();
      }
    });
  }

  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  self = { host: '127.0.0.1', port };

  const dropAll = () => {
    for (const { client, upstream: socket } of pairs) {
      if (!client.destroyed) client.resetAndDestroy();
      socket.destroy();
    }
    pairs.clear();
  };

  return {
    bootstrap: `127.0.0.1:${port}`,
    port,
    cut(cutMode = 'refuse') {
      mode = cutMode;
      dropAll();
    },
    restore() {
      mode = 'open';
      for (const socket of held) if (!socket.destroyed) socket.resetAndDestroy();
      held.clear();
    },
    stats: () => ({ ...stats, openConnections: pairs.size }),
    async close() {
      dropAll();
      for (const socket of held) socket.destroy();
      held.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
