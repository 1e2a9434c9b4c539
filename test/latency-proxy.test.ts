import { connect, createServer, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { latencyProxy } from '../bench/latency-proxy.ts';

const RTT_MS = 40;
// Timers may fire a little early against performance.now(); a delay is never much shorter than asked.
const EARLY_MS = 3;

async function echoServer() {
  const server = createServer((socket) => socket.pipe(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return { server, url: `tcp://127.0.0.1:${address.port}/` };
}

/** Connects through `url`, sends `chunks` as they come, resolves with everything echoed and when it began. */
function exchange(url: string, chunks: string[]) {
  const target = new URL(url);
  return new Promise<{ text: string; firstByteMs: number }>((resolve, reject) => {
    const started = performance.now();
    let firstByteMs = Number.NaN;
    let text = '';
    const expected = chunks.join('');
    const socket: Socket = connect(Number(target.port), target.hostname, () => {
      for (const chunk of chunks) socket.write(chunk);
    });
    socket.on('data', (data) => {
      if (text === '') firstByteMs = performance.now() - started;
      text += data.toString();
      if (text.length >= expected.length) {
        socket.end();
        resolve({ text, firstByteMs });
      }
    });
    socket.on('error', reject);
  });
}

describe('bench latency proxy', () => {
  it('bench - a new connection pays the handshake and one round trip before its first answer, in order', async () => {
    const { server, url } = await echoServer();
    const proxy = await latencyProxy(url, RTT_MS);
    try {
      const chunks = ['first ', 'second ', 'third'];
      const { text, firstByteMs } = await exchange(proxy.rewrite(url), chunks);
      expect(text).toBe(chunks.join(''));
      // TCP handshake (one round trip) plus the request's own round trip.
      expect(firstByteMs).toBeGreaterThanOrEqual(2 * RTT_MS - EARLY_MS);
    } finally {
      await proxy.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('bench - the proxy moves only host and port, keeping credentials, path and query', async () => {
    const proxy = await latencyProxy('mysql://127.0.0.1:3306/', RTT_MS);
    try {
      const moved = new URL(proxy.rewrite('mysql://user:pw@db.example:3306/customdb_test?ssl=false'));
      expect(moved.hostname).toBe('127.0.0.1');
      expect(moved.port).not.toBe('3306');
      expect([moved.username, moved.password, moved.pathname, moved.search]).toEqual([
        'user',
        'pw',
        '/customdb_test',
        '?ssl=false',
      ]);
    } finally {
      await proxy.close();
    }
  });
});
