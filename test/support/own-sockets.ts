import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

export interface TcpConnection {
  localPort: number;
  remotePort: number;
}

/**
 * This process's established IPv4 TCP connections to `remotePort`, read from
 * /proc (Linux): which sockets the client in this process holds, without a
 * packet capture. A socket's inode links /proc/self/fd to /proc/net/tcp.
 */
export function ownConnectionsTo(remotePort: number): TcpConnection[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`));
      if (match) inodes.add(match[1]!);
    } catch {
      // the descriptor closed while we looked
    }
  }
  const connections: TcpConnection[] = [];
  for (const line of readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 10) continue;
    const [, local, remote, state, , , , , , inode] = fields;
    // 01: ESTABLISHED
    if (state !== '01' || !inodes.has(inode!)) continue;
    const port = (address: string) => Number.parseInt(address.split(':')[1]!, 16);
    if (port(remote!) === remotePort) connections.push({ localPort: port(local!), remotePort });
  }
  return connections;
}
