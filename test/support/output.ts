/** A writable stream that keeps what a command printed, for CLI tests that run it in-process. */
import { PassThrough } from 'node:stream';

export function collector() {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
  });
  return { stream, text: () => text };
}
