/**
 * What `npm run bench` measures and how often, from the environment. Defaults keep a full run on a
 * 2-core machine near ten minutes; BENCH_QUICK=1 is a smoke run of a minute or two whose numbers
 * prove the harness, not the kit.
 */
import type { AdapterDescriptor } from '../adapters/descriptor.ts';
import { selectedAdapters } from '../test/support/backends.ts';

export const SECTION_NAMES = ['sizes', 'compare', 'timing', 'argon2', 'export'] as const;
export type SectionName = (typeof SECTION_NAMES)[number];

export interface BenchSettings {
  quick: boolean;
  sections: SectionName[];
  /** BENCH_BACKENDS=<adapter>,… (default: every adapter). */
  adapters: AdapterDescriptor[];
  /** compare, concurrency 1: measured calls per arm at most (bcrypt rows, the rest)… */
  loginIterations: number;
  iterations: number;
  /** …and the seconds a row may take, both arms together (a slow server gets fewer, at least 3). */
  rowSeconds: number;
  /** compare, the loaded rows: calls in flight, rounds per arm, calls per round at most (bcrypt rows, the rest)… */
  concurrency: number;
  rounds: number;
  loginRoundCalls: number;
  roundCalls: number;
  /** …and the seconds after which a round starts no more calls. */
  roundSeconds: number;
  /** Unmeasured calls per arm before each row (JIT, pools). */
  warmup: number;
  /** compare, cold start: new containers per arm and script. */
  coldSamples: number;
  /** Users besides the ones the rows use, so lookups run on a table of realistic size. */
  fillerUsers: number;
  /** compare, hashing reference, and the argon2 section: samples per arm (bcrypt cost 10, argon2id PHP default). */
  bcryptSamples: number;
  argon2Samples: number;
  /** compare: milliseconds a delaying proxy adds to every database round trip (0: the bare loopback). */
  rttMs: number;
  /** compare: the kit's DB_POOL_SIZE (null: the kit's default). */
  poolSize: number | null;
  /** export: store sizes. */
  sizes: number[];
}

function count(env: NodeJS.ProcessEnv, key: string, full: number, quick: number, isQuick: boolean): number {
  const raw = env[key];
  if (raw === undefined || raw.trim() === '') return isQuick ? quick : full;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${key} must be a positive integer, not '${raw}'`);
  return value;
}

function sections(raw: string | undefined): SectionName[] {
  const names = (raw ?? '').split(',').map((name) => name.trim());
  if (names.every((name) => name === '')) return [...SECTION_NAMES];
  const isSection = (name: string): name is SectionName =>
    (SECTION_NAMES as readonly string[]).includes(name);
  const unknown = names.filter((name) => name !== '' && !isSection(name));
  if (unknown.length > 0) {
    throw new Error(
      `BENCH_SECTIONS names '${unknown.join("', '")}'; sections are ${SECTION_NAMES.join(', ')}`,
    );
  }
  return names.filter(isSection);
}

export function benchSettings(env: NodeJS.ProcessEnv = process.env): BenchSettings {
  const quick = env.BENCH_QUICK === '1';
  const n = (key: string, full: number, quickValue: number) => count(env, key, full, quickValue, quick);
  const sizes = (env.BENCH_SIZES ?? (quick ? '10000' : '100000,1000000')).split(',').map(Number);
  if (sizes.some((size) => !Number.isInteger(size) || size < 1)) {
    throw new Error(`BENCH_SIZES must list positive integers, not '${env.BENCH_SIZES}'`);
  }
  const rttMs = Number(env.BENCH_RTT_MS ?? '0');
  if (!Number.isFinite(rttMs) || rttMs < 0) {
    throw new Error(`BENCH_RTT_MS must be a number of milliseconds, not '${env.BENCH_RTT_MS}'`);
  }
  return {
    quick,
    sections: sections(env.BENCH_SECTIONS),
    adapters: selectedAdapters(env.BENCH_BACKENDS ?? ''),
    loginIterations: n('BENCH_LOGIN_ITERATIONS', 30, 6),
    iterations: n('BENCH_ITERATIONS', 200, 30),
    rowSeconds: n('BENCH_ROW_SECONDS', 8, 2),
    concurrency: n('BENCH_CONCURRENCY', 20, 20),
    rounds: n('BENCH_ROUNDS', 3, 2),
    loginRoundCalls: n('BENCH_LOGIN_ROUND_CALLS', 40, 20),
    roundCalls: n('BENCH_ROUND_CALLS', 300, 60),
    roundSeconds: n('BENCH_ROUND_SECONDS', 3, 1),
    warmup: n('BENCH_WARMUP', 3, 2),
    coldSamples: n('BENCH_COLD_SAMPLES', 8, 3),
    fillerUsers: n('BENCH_FILLER_USERS', 10_000, 1000),
    bcryptSamples: n('BENCH_BCRYPT_SAMPLES', 20, 5),
    argon2Samples: n('BENCH_ARGON2_SAMPLES', 4, 2),
    rttMs,
    poolSize: env.BENCH_POOL_SIZE ? count(env, 'BENCH_POOL_SIZE', 1, 1, quick) : null,
    sizes,
  };
}
