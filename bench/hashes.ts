/**
 * The compare section's reference rows: one password check inside the emulator's vm, the kit's own
 * code (hashes/verifyPassword, bundled into the script text as the kit's bundles inline it) against the
 * native module a stock script would require: bcrypt at cost 10 (where a login's time goes), and PHP's
 * default argon2id (m=64 MiB, t=4, p=1; the performance issue's bound is 3× native).
 */
import { readFileSync } from 'node:fs';
import bcrypt from 'bcryptjs';
import { build } from 'esbuild';
import { Auth0Container } from '../runtime/container.ts';
import type { BenchSettings } from './settings.ts';
import {
  type Cell,
  emitJson,
  formatMs,
  formatRatio,
  formatTarget,
  interleave,
  median,
  p90,
  progress,
  ratio,
  type Target,
  verdict,
} from './stats.ts';
import { PASSWORD } from './workloads.ts';

const ROOT = new URL('..', import.meta.url).pathname;

/** A TypeScript entry of the kit bundled as a script that sets `var __bench` to its exports. */
export async function benchIife(entry: string): Promise<string> {
  const result = await build({
    stdin: { contents: entry, resolveDir: ROOT, loader: 'ts', sourcefile: 'bench-entry.ts' },
    bundle: true,
    write: false,
    format: 'iife',
    globalName: '__bench',
    platform: 'node',
    target: 'node18',
    minifyWhitespace: true,
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
}

/** The kit's verification as one paste-ready function: `kitVerify(password, stored, accept, callback)`. */
async function kitVerifyScript(): Promise<string> {
  const entry = [
    "import { passwordConfig } from './core/passwords.ts';",
    "import { verifyPassword } from './hashes/index.ts';",
    'export function run(password, stored, accept, callback) {',
    "  const policy = passwordConfig({ bcryptCost: 10, accept, rehashOnLogin: false, nativeBcrypt: false }, 'passwords');",
    '  verifyPassword(password, stored, policy).then((result) => callback(null, result.match), callback);',
    '}',
  ].join('\n');
  const iife = await benchIife(entry);
  return `function kitVerify(password, stored, accept, callback) {\n${iife}\nreturn __bench.run(password, stored, accept, callback);\n}`;
}

const NATIVE = {
  bcrypt:
    'function nativeBcrypt(password, stored, accept, callback) { require("bcrypt").compare(password, stored, callback); }',
  argon2:
    'function nativeArgon2(password, stored, accept, callback) { require("argon2").verify(stored, password).then(function (ok) { callback(null, ok); }, callback); }',
};

interface Vector {
  hash: string;
  password: string;
}

/** PHP's password_hash(PASSWORD_ARGON2ID) defaults, from the project's producer-made vectors. */
function phpDefaultArgon2(): Vector {
  const vectors = JSON.parse(
    readFileSync(new URL('../test/vectors/hashes.json', import.meta.url), 'utf8'),
  ) as Vector[];
  const vector = vectors.find((v) => v.hash.startsWith('$argon2id$v=19$m=65536,t=4,p=1$'));
  if (!vector) throw new Error('test/vectors/hashes.json holds no argon2id m=65536,t=4,p=1 vector');
  return vector;
}

interface Check {
  row: string;
  format: keyof typeof NATIVE;
  vector: Vector;
  samples: number;
  target?: Target;
}

export const HASH_HEADERS = [
  'check',
  'kit p50 ms',
  'kit p90 ms',
  'native p50 ms',
  'native p90 ms',
  'kit/native p50',
  'target',
  'verdict',
];

/** Measures both checks, interleaved, and answers their table rows. */
export async function hashReference(settings: BenchSettings): Promise<Cell[][]> {
  const kitScript = await kitVerifyScript();
  const container = new Auth0Container({ configuration: {}, allowedModules: Object.keys(NATIVE) });
  const checks: Check[] = [
    {
      row: 'bcrypt cost 10 (kit: its bundled bcrypt)',
      format: 'bcrypt',
      vector: { hash: await bcrypt.hash(PASSWORD, 10), password: PASSWORD },
      samples: settings.bcryptSamples,
    },
    {
      row: 'argon2id m=64 MiB t=4 p=1 (PHP default)',
      format: 'argon2',
      vector: phpDefaultArgon2(),
      samples: settings.argon2Samples,
      target: { bound: 3, atMost: true },
    },
  ];
  const rows: Cell[][] = [];
  for (const check of checks) {
    progress(`compare: hashing reference, ${check.row}`);
    const arms = [
      { name: 'kit', text: kitScript },
      { name: 'native', text: NATIVE[check.format] },
    ];
    const once = async (arm: (typeof arms)[number]) => {
      const { password, hash } = check.vector;
      const outcome = await container.invoke(arm.text, [password, hash, [check.format]], arm.name);
      if (outcome.error || outcome.results[0] !== true) {
        throw new Error(
          `${check.row}, ${arm.name}: expected a match, got ${String(outcome.error ?? outcome.results)}`,
        );
      }
      return outcome.elapsedMs;
    };
    for (const arm of arms) await once(arm);
    const [kit = [], native = []] = await interleave(arms, check.samples, once);
    const value = ratio(median(kit), median(native));
    emitJson('compare', {
      kind: 'hash',
      row: check.row,
      kitP50Ms: median(kit),
      kitP90Ms: p90(kit),
      nativeP50Ms: median(native),
      nativeP90Ms: p90(native),
      ratio: value,
      samples: check.samples,
    });
    rows.push([
      check.row,
      formatMs(median(kit)),
      formatMs(p90(kit)),
      formatMs(median(native)),
      formatMs(p90(native)),
      formatRatio(value),
      formatTarget(check.target),
      verdict(value, check.target),
    ]);
  }
  return rows;
}
