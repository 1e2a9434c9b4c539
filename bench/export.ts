/**
 * The `export` section: export throughput (users/s) and the exporter's peak memory for seeded stores
 * of 100k and 1M users on every backend. The export runs as a child process (`customdb export`), so
 * its peak RSS is its own, not the seeding's. Sizes: BENCH_SIZES=100000,1000000 (default).
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { AdapterDescriptor } from '../adapters/descriptor.ts';
import type { SeedUser, TestServer } from '../adapters/testing/types.ts';
import { storeOf, suiteConfig } from '../test/support/backends.ts';
import type { BenchSettings } from './settings.ts';
import { emitJson, markdownTable, progress } from './stats.ts';

const run = promisify(execFile);
const ROOT = new URL('..', import.meta.url).pathname;

interface Vector {
  format: string;
  hash: string;
  salt?: string;
  saltedDigest?: unknown;
}

const vectors = (JSON.parse(readFileSync(join(ROOT, 'test/vectors/hashes.json'), 'utf8')) as Vector[]).filter(
  (v) => v.format !== 'bcrypt-sha256' && v.format !== 'salted-digest',
);

function user(i: number): SeedUser {
  const vector = vectors[i % vectors.length] as Vector;
  return {
    email: `bench-${i}@example.test`,
    passwordHash: vector.hash,
    emailVerified: i % 2 === 0,
    username: `bench_${i}`,
    name: `Bench User ${i}`,
    givenName: 'Bench',
    familyName: `User${i}`,
    userMetadata: { language: 'en', i },
    appMetadata: { plan: 'pro', roles: ['reader'] },
  };
}

async function benchOne(adapter: AdapterDescriptor, server: TestServer, size: number) {
  const testing = await adapter.testing();
  const base = await suiteConfig([adapter]);
  const store = testing.withName(storeOf(base, adapter), 'bench_users');
  const config = { ...base, stores: { [adapter.name]: store } };
  await testing.prepare(server, store);
  const probe = testing.openProbe(server, store);
  const seedStart = performance.now();
  for (let start = 0; start < size; start += 10_000) {
    await probe.seedMany(Array.from({ length: Math.min(10_000, size - start) }, (_, k) => user(start + k)));
  }
  await probe.close();
  const seedSeconds = (performance.now() - seedStart) / 1000;

  const dir = await mkdtemp(join(tmpdir(), 'customdb-bench-'));
  try {
    const configFile = join(dir, 'bench.config.mjs');
    await writeFile(configFile, `export default ${JSON.stringify(config)};\n`);
    const configurationFile = join(dir, 'configuration.json');
    await writeFile(configurationFile, JSON.stringify(testing.configuration(server)));
    const { stdout } = await run(
      process.execPath,
      [
        join(ROOT, 'cli/customdb.mjs'),
        'export',
        '--adapter',
        adapter.name,
        '--out',
        join(dir, 'out'),
        '--config',
        configFile,
        '--configuration',
        configurationFile,
      ],
      { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 },
    );
    const result = JSON.parse(stdout.trim().split('\n').at(-1) as string) as {
      users: number;
      files: number;
      seconds: number;
      usersPerSecond: number;
      peakRssMiB: number;
    };
    if (result.users !== size) throw new Error(`exported ${result.users} of ${size} users`);
    return { backend: server.label, seedSeconds: Number(seedSeconds.toFixed(1)), ...result };
  } finally {
    await rm(dir, { recursive: true, force: true });
    await testing.drop(server, store);
  }
}

export async function runExport(settings: BenchSettings): Promise<void> {
  const rows: Awaited<ReturnType<typeof benchOne>>[] = [];
  for (const adapter of settings.adapters) {
    await using server = await (await adapter.testing()).provision();
    for (const size of settings.sizes) {
      progress(`export: ${adapter.name}, ${size} users`);
      const row = await benchOne(adapter, server, size);
      emitJson('export', row);
      rows.push(row);
    }
  }
  console.log(
    markdownTable(
      ['backend', 'users', 'users/s', 'peak RSS MiB', 'export s', 'files', 'seed s'],
      rows.map((row) => [
        row.backend,
        row.users,
        row.usersPerSecond,
        row.peakRssMiB,
        row.seconds,
        row.files,
        row.seedSeconds,
      ]),
    ),
  );
}
