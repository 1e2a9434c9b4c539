/**
 * The `argon2` section: one argon2id check at PHP's defaults (m=64 MiB, t=4, p=1) inside the emulator's
 * vm, once per engine (the native module, WebAssembly, plain JavaScript: hashes/argon2/engines.ts), the
 * arms interleaved in one process; medians, p90s and ratios to native. Runs on this Node and, where
 * `npm run install:runtimes` put them, on Auth0's Node 18 and 22 (this file run as a child there).
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { type Argon2Params, parseArgon2 } from '../hashes/argon2.ts';
import { Auth0Container } from '../runtime/container.ts';
import { AUTH0_NODE_VERSIONS, nodeBinary } from '../test/support/node-runtimes.ts';
import { benchIife } from './hashes.ts';
import type { BenchSettings } from './settings.ts';
import {
  emitJson,
  formatMs,
  formatRatio,
  formatTarget,
  interleave,
  markdownTable,
  median,
  p90,
  progress,
  ratio,
  type Target,
  verdict,
} from './stats.ts';

const ROOT = new URL('..', import.meta.url).pathname;
export const ENGINE_NAMES = ['native', 'wasm', 'js'] as const;
/** The performance issue's bound: argon2id at PHP's defaults within 3× native. */
const TARGET: Target = { bound: 3, atMost: true };

/**
 * `argon2Engines(engine, params, callback)` as a paste-ready function: calls back with the engine's name
 * and the tag in hex, or (null, null, null) where the runtime lacks it; 'default' takes the engine the
 * kit would choose. The module is evaluated once per container, as the kit's bundles do.
 */
export async function argon2EnginesScript(): Promise<string> {
  const entry = [
    "import { argon2Engine, defaultEngine } from './hashes/argon2/engines.ts';",
    'export function run(engine, params, callback) {',
    "  const chosen = engine === 'default' ? defaultEngine() : argon2Engine(engine);",
    '  if (!chosen) return callback(null, null, null);',
    "  chosen.raw(params).then((tag) => callback(null, chosen.name, Buffer.from(tag).toString('hex')), callback);",
    '}',
  ].join('\n');
  const iife = await benchIife(entry);
  return [
    'function argon2Engines(engine, params, callback) {',
    '  var kit = global.__argon2Engines || (global.__argon2Engines = (function () {',
    iife,
    '    return __bench;',
    '  })());',
    '  return kit.run(engine, params, callback);',
    '}',
  ].join('\n');
}

/** PHP's password_hash(PASSWORD_ARGON2ID) defaults, from the project's producer-made vectors. */
function phpDefault(): { params: Argon2Params; tag: string } {
  const vectors = JSON.parse(
    readFileSync(new URL('../test/vectors/hashes.json', import.meta.url), 'utf8'),
  ) as {
    hash: string;
    password: string;
  }[];
  const vector = vectors.find((v) => v.hash.startsWith('$argon2id$v=19$m=65536,t=4,p=1$'));
  const parsed = vector && parseArgon2(vector.hash);
  if (!vector || !parsed)
    throw new Error('test/vectors/hashes.json holds no argon2id m=65536,t=4,p=1 vector');
  const { type, version, m, t, p, salt, hash } = parsed;
  const password = Buffer.from(vector.password, 'utf8');
  const params = {
    type,
    version,
    password,
    salt,
    memoryKiB: m,
    passes: t,
    parallelism: p,
    length: hash.length,
  };
  return { params, tag: hash.toString('hex') };
}

/** Each engine's milliseconds per check in this process, interleaved; every answer is checked. */
export async function measureEngines(samples: number): Promise<Record<string, number[]>> {
  const script = await argon2EnginesScript();
  const { params, tag } = phpDefault();
  const container = new Auth0Container({ configuration: {}, allowedModules: ['argon2'] });
  const once = async (engine: string) => {
    const outcome = await container.invoke(script, [engine, params], engine);
    if (outcome.error || outcome.results[0] !== engine || outcome.results[1] !== tag) {
      throw new Error(
        `argon2 ${engine}: expected its tag, got ${String(outcome.error ?? outcome.results[0])}`,
      );
    }
    return outcome.elapsedMs;
  };
  for (const engine of ENGINE_NAMES) await once(engine);
  const measured = await interleave(ENGINE_NAMES, samples, once);
  return Object.fromEntries(ENGINE_NAMES.map((engine, k) => [engine, measured[k] ?? []]));
}

const run = promisify(execFile);

/** The same measurement under another Node binary, as a child process running this file. */
async function measureUnder(binary: string, samples: number): Promise<Record<string, number[]>> {
  const { stdout } = await run(binary, ['--import', 'tsx', 'bench/argon2.ts'], {
    cwd: ROOT,
    env: { ...process.env, ARGON2_BENCH_SAMPLES: String(samples) },
    timeout: 600_000,
  });
  const line = stdout.split('\n').find((text) => text.startsWith('{'));
  if (!line) throw new Error(`${binary} bench/argon2.ts printed no measurement`);
  return JSON.parse(line) as Record<string, number[]>;
}

export async function runArgon2(settings: BenchSettings): Promise<void> {
  const runtimes: [string, () => Promise<Record<string, number[]>>][] = [
    [process.version, () => measureEngines(settings.argon2Samples)],
  ];
  for (const version of AUTH0_NODE_VERSIONS) {
    const binary = nodeBinary(version);
    if (existsSync(binary))
      runtimes.push([`v${version}`, () => measureUnder(binary, settings.argon2Samples)]);
    else progress(`argon2: Node ${version} not installed (npm run install:runtimes), skipped`);
  }
  const rows: (string | number)[][] = [];
  for (const [node, measure] of runtimes) {
    progress(`argon2: PHP default argon2id under Node ${node}`);
    const samples = await measure();
    const native = median(samples.native ?? []);
    for (const engine of ENGINE_NAMES) {
      const own = samples[engine] ?? [];
      const value = ratio(median(own), native);
      const target = engine === 'native' ? undefined : TARGET;
      emitJson('argon2', {
        node,
        engine,
        p50Ms: median(own),
        p90Ms: p90(own),
        ratio: value,
        samples: own.length,
      });
      rows.push([
        node,
        engine,
        formatMs(median(own)),
        formatMs(p90(own)),
        formatRatio(value),
        formatTarget(target),
        verdict(value, target),
      ]);
    }
  }
  console.log('argon2id m=64 MiB, t=4, p=1 (PHP default), one check inside the vm, per engine.\n');
  console.log(
    markdownTable(['node', 'engine', 'p50 ms', 'p90 ms', 'engine/native p50', 'target', 'verdict'], rows),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const samples = Number(process.env.ARGON2_BENCH_SAMPLES ?? '4');
  console.log(JSON.stringify(await measureEngines(samples)));
}
