/**
 * BENCH_RTT_MS: a TCP proxy on the loopback that holds every chunk for half a round trip each way, so
 * that both arms reach the database as Auth0 does, over a network. On a bare loopback a new connection
 * costs about a millisecond, which hides what a connection per call costs against a real server.
 * The proxy accepts on the loopback at once, so it charges the TCP handshake's round trip itself: the
 * upstream connection opens one round trip later, and what the client sent meanwhile waits for it.
 */
import { connect, createServer, type Socket } from 'node:net';

export interface LatencyProxy {
  /** `url` with its host and port moved to the proxy. */
  rewrite(url: string): string;
  close(): Promise<void>;
}

/** Forwards `from` to `to` after `delayMs`; equal timeouts fire in order, so the stream stays ordered. */
function delayed(from: Socket, to: Socket, delayMs: number): void {
  from.on('data', (chunk) => {
    setTimeout(() => {
      if (!to.destroyed) to.write(chunk);
    }, delayMs);
  });
  from.on('end', () => setTimeout(() => to.end(), delayMs));
  from.on('error', () => to.destroy());
  from.on('close', () => setTimeout(() => to.destroy(), delayMs));
}

export async function latencyProxy(serverUrl: string, rttMs: number): Promise<LatencyProxy> {
  const target = new URL(serverUrl);
  const sockets = new Set<Socket>();
  const proxy = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.setNoDelay(true);
    client.pause();
    const handshake = setTimeout(() => {
      if (client.destroyed) return;
      const upstream = connect(Number(target.port), target.hostname);
      sockets.add(upstream);
      upstream.on('close', () => sockets.delete(upstream));
      upstream.setNoDelay(true);
      delayed(client, upstream, rttMs / 2);
      delayed(upstream, client, rttMs / 2);
      client.resume();
    }, rttMs);
    client.on('close', () => clearTimeout(handshake));
    client.on('error', () => clearTimeout(handshake));
  });
  await new Promise<void>((resolve, reject) => {
    proxy.once('error', reject);
    proxy.listen(0, '127.0.0.1', resolve);
  });
  const address = proxy.address();
  if (typeof address !== 'object' || !address) throw new Error('the latency proxy has no port');
  return {
    rewrite(url) {
      const moved = new URL(url);
      moved.hostname = '127.0.0.1';
      moved.port = String(address.port);
      return moved.toString();
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => proxy.close(resolve));
    },
  };
}
