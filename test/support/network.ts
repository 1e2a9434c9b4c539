/** TCP stand-ins for a sick database: nothing listening, a server that never answers, a proxy to cut. */
import { connect, createServer, type Server, type Socket } from 'node:net';
import { freePort } from '../../adapters/testing/servers.ts';

export interface Listener {
  port: number;
  server: Server;
  sockets: Socket[];
  close(): Promise<void>;
}

async function listen(onConnection: (socket: Socket) => void): Promise<Listener> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => undefined);
    onConnection(socket);
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port,
    server,
    sockets,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Accepts TCP connections and never answers: a database that hangs rather than refuses. */
export const silentServer = () => listen(() => undefined);

export interface Proxy extends Listener {
  /** Connections clients opened through the proxy so far. */
  accepted(): number;
  /** Forwards the next chunk a client sends, then cuts every connection: a server stopped mid-call. */
  severAfterNextRequest(): void;
}

/** Forwards to the real server: counts the connections a client opens, and can cut them. */
export async function proxyTo(target: string): Promise<Proxy> {
  const { hostname, port } = new URL(target);
  const upstreams: Socket[] = [];
  let sever = false;
  const cutAll = () => {
    for (const socket of [...upstreams, ...proxy.sockets]) socket.destroy();
  };
  const proxy = await listen((client) => {
    const upstream = connect(Number(port), hostname);
    upstreams.push(upstream);
    upstream.on('error', () => undefined);
    client.on('data', (chunk) => {
      upstream.write(chunk);
      if (sever) {
        sever = false;
        setImmediate(cutAll);
      }
    });
    upstream.pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end);
    upstream.on('close', end);
  });
  return {
    ...proxy,
    accepted: () => proxy.sockets.length,
    severAfterNextRequest() {
      sever = true;
    },
    async close() {
      for (const upstream of upstreams) upstream.destroy();
      await proxy.close();
    },
  };
}

/** Every URL in a configuration moved to another port of this host; other keys unchanged. */
export function pointedAt(configuration: Record<string, string>, port: number): Record<string, string> {
  return Object.fromEntries(
    Object.entries(configuration).map(([key, value]) => {
      if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return [key, value];
      const url = new URL(value);
      url.host = `127.0.0.1:${port}`;
      return [key, url.toString()];
    }),
  );
}
