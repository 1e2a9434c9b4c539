/** `customdb export` as a user runs it: a child process, a config file, a configuration file. */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';
import { progressLine } from '../cli/export.ts';
import { storeOf } from './support/backends.ts';
import { describeEachBackend } from './support/harness.ts';

const run = promisify(execFile);
const ROOT = inject('root');

describe('export progress', () => {
  it.each([
    [0, 100, 1000, '[........................] 0%  0 users  0 users/s  ETA 0:00'],
    [50, 100, 1000, '[############............] 50%  50 users  50 users/s  ETA 0:01'],
    [1200, 120_000, 2000, '[........................] 1%  1,200 users  600 users/s  ETA 3:18'],
    [5000, null, 2000, '5,000 users  2,500 users/s'],
  ])('export - should draw %i of %s users after %i ms', (done, total, elapsed, expected) => {
    expect(progressLine(done, total, elapsed)).toBe(expected);
  });
});

describeEachBackend('export cli', (h) => {
  it('export - customdb export should write the import files and a JSON summary', async () => {
    const config = h().ownStore('cli_export_users');
    const store = storeOf(config, h().adapter);
    await h().testing.prepare(h().server, store);
    const dir = await mkdtemp(join(tmpdir(), 'customdb-cli-'));
    const probe = h().testing.openProbe(h().server, store);
    try {
      await probe.seedMany(
        Array.from({ length: 30 }, (_, i) => ({
          email: `cli-${i}@example.test`,
          passwordHash: i === 0 ? '$P$Bxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' : null,
        })),
      );
      await writeFile(join(dir, 'config.mjs'), `export default ${JSON.stringify(config)};\n`);
      await writeFile(join(dir, 'configuration.json'), JSON.stringify(h().configuration));
      const { stdout } = await run(
        process.execPath,
        [
          join(ROOT, 'cli/customdb.mjs'),
          'export',
          '--adapter',
          h().adapter.name,
          '--out',
          join(dir, 'out'),
          '--config',
          join(dir, 'config.mjs'),
          '--configuration',
          join(dir, 'configuration.json'),
        ],
        { cwd: ROOT },
      );
      const summary = JSON.parse(stdout.trim()) as Record<string, number>;
      expect(summary).toMatchObject({
        users: 30,
        exported: 29,
        notImportable: 1,
        withoutPassword: 29,
        files: 1,
      });
      expect(summary.peakRssMiB).toBeGreaterThan(0);
      const users = JSON.parse(readFileSync(join(dir, 'out', 'users-00001.json'), 'utf8')) as {
        email: string;
      }[];
      expect(users.map((user) => user.email).sort()).toEqual(
        Array.from({ length: 29 }, (_, i) => `cli-${i + 1}@example.test`).sort(),
      );
      expect(readFileSync(join(dir, 'out', 'not-importable.jsonl'), 'utf8')).toContain('cli-0@example.test');
    } finally {
      await probe.close();
      await h().testing.drop(h().server, store);
      await rm(dir, { recursive: true, force: true });
    }
  });
});
