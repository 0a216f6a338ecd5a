import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { isConsolePath, type StewardConsole } from './create-console.ts';

const MAX_BODY_BYTES = 64 * 1024;

/**
 * One node:http listener for the gateway and the console: `/console` and
 * below go to the console, everything else to the gateway untouched. The
 * hub's server and the tests' servers are built the same way.
 */
export function serveBesideGateway(gateway: RequestListener, stewardConsole: StewardConsole): RequestListener {
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (!isConsolePath(path)) {
      gateway(req, res);
      return;
    }
    serveConsole(stewardConsole, req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end();
    });
  };
}

async function serveConsole(stewardConsole: StewardConsole, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let url: URL;
  try {
    url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
  } catch {
    res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('bad request');
    return;
  }
  const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : await readBody(req);
  if (body === null) {
    res.writeHead(413, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' }).end('请求内容过大');
    return;
  }
  const headers = new Headers();
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  const response = await stewardConsole.fetch(new Request(url, { method: req.method, headers, body: body === undefined ? undefined : new Uint8Array(body) }));
  const outgoing: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') outgoing[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) outgoing['set-cookie'] = cookies;
  res.writeHead(response.status, outgoing);
  res.end(req.method === 'HEAD' ? undefined : Buffer.from(await response.arrayBuffer()));
}

/** The request body, or `null` past the limit (a console form is a few kilobytes). */
async function readBody(req: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
