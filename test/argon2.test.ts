/**
 * Every argon2 engine (native module, WebAssembly, JavaScript: hashes/argon2/engines.ts) over the same
 * vectors: RFC 9106's, and the producer-made ones of test/vectors/hashes.json (argon2-cffi, passlib, PHP);
 * in this process, inside the runtime emulator's vm, and under Auth0's Node 18 and 22.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createContext, Script } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { argon2EnginesScript } from '../bench/argon2.ts';
import { argon2Engine, type Engine, type EngineName } from '../hashes/argon2/engines.ts';
import { KEEP_BYTES, keptBytes } from '../hashes/argon2/wasm-fill.ts';
import { type Argon2Params, argon2Matches, argon2Raw, parseArgon2 } from '../hashes/argon2.ts';
import { Auth0Container, limitedRequire } from '../runtime/container.ts';
import { AUTH0_NODE_VERSIONS, ensureNode } from './support/node-runtimes.ts';

interface Case {
  name: string;
  params: Argon2Params;
  /** The expected tag, hex. */
  tag: string;
}

const fill = (length: number, byte: number) => Buffer.alloc(length, byte);
/** RFC 9106 §5: password 32 × 0x01, salt 16 × 0x02, secret 8 × 0x03, associated data 12 × 0x04. */
const rfc = (type: Argon2Params['type'], tag: string): Case => ({
  name: `RFC 9106 ${type}`,
  params: {
    type,
    version: 19,
    password: fill(32, 1),
    salt: fill(16, 2),
    secret: fill(8, 3),
    associatedData: fill(12, 4),
    memoryKiB: 32,
    passes: 3,
    parallelism: 4,
    length: 32,
  },
  tag: tag.replaceAll(' ', ''),
});
const RFC = [
  rfc('argon2d', '512b391b6f1162975371d30919734294f868e3be3984f3c1a13a4db9fabe4acb'),
  rfc('argon2i', 'c814d9d1dc7f37aa13f0d77f2494bda1c8de6b016dd388d29952a4c4672b6ce8'),
  rfc('argon2id', '0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659'),
];

interface Vector {
  format: string;
  producer: string;
  password: string;
  hash: string;
}
const VECTORS: Case[] = (
  JSON.parse(readFileSync(new URL('./vectors/hashes.json', import.meta.url), 'utf8')) as Vector[]
)
  .filter((v) => v.format === 'argon2')
  .map((v, k) => {
    const parsed = parseArgon2(v.hash);
    if (!parsed) throw new Error(`test/vectors/hashes.json: argon2 vector ${k} does not parse`);
    const { type, version, m, t, p, salt, hash } = parsed;
    const password = Buffer.from(v.password, 'utf8');
    return {
      name: `${v.producer} #${k}`,
      params: { type, version, password, salt, memoryKiB: m, passes: t, parallelism: p, length: hash.length },
      tag: hash.toString('hex'),
    };
  });
const PHP_DEFAULT = VECTORS.filter((c) => c.params.memoryKiB === 65536);
/** Everything but PHP's 64 MiB default (~0.3-2 s per engine): the vm and child-process checks. */
const CHEAP = [...RFC, ...VECTORS.filter((c) => c.params.memoryKiB < 65536)];

const load = createRequire(import.meta.url);
function engine(name: EngineName): Engine {
  const found = argon2Engine(name, load);
  if (!found) throw new Error(`the ${name} engine is not available in this process`);
  return found;
}
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('argon2 engines in this process', () => {
  it('argon2 - the vectors include PHP default argon2id, argon2i v=16 and every RFC 9106 type', () => {
    expect(PHP_DEFAULT.length).toBeGreaterThan(0);
    expect(VECTORS.some((c) => c.params.version === 16)).toBe(true);
    expect(new Set(RFC.map((c) => c.params.type)).size).toBe(3);
  });

  const ENGINES: EngineName[] = ['native', 'wasm', 'js'];
  for (const name of ENGINES) {
    it.each(CHEAP)(`argon2 - ${name}: $name`, async ({ params, tag }) => {
      expect(hex(await engine(name).raw(params))).toBe(tag);
    });
    it(`argon2 - ${name}: PHP's default argon2id (m=64 MiB, t=4, p=1)`, async () => {
      for (const { params, tag } of PHP_DEFAULT) expect(hex(await engine(name).raw(params))).toBe(tag);
    }, 60_000);
  }

  it('argon2 - wasm and js agree with native over shapes the vectors lack (argon2d, v=16, odd m, long tags)', async () => {
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const types = ['argon2d', 'argon2i', 'argon2id'] as const;
    for (let k = 0; k < 12; k++) {
      const parallelism = 1 + next(4);
      const params: Argon2Params = {
        type: types[k % 3] as Argon2Params['type'],
        version: k % 2 === 0 ? 19 : 16,
        password: fill(next(40), next(256)),
        salt: fill(8 + next(24), next(256)),
        memoryKiB: 8 * parallelism + next(300),
        passes: 1 + next(3),
        parallelism,
        length: 4 + next(130),
      };
      const expected = hex(await engine('native').raw(params));
      expect(hex(await engine('wasm').raw(params)), JSON.stringify(params)).toBe(expected);
      expect(hex(await engine('js').raw(params)), JSON.stringify(params)).toBe(expected);
    }
  });

  it('argon2 - concurrent wasm hashes each get their own memory; at most one idle instance of ≤ 65 MiB is kept', async () => {
    const [a, b] = CHEAP;
    const tags = await Promise.all([a, b, a].map((c) => engine('wasm').raw((c as Case).params)));
    expect(tags.map(hex)).toEqual([a, b, a].map((c) => (c as Case).tag));
    expect(keptBytes()).toBeGreaterThan(0);
    const big = { ...(a as Case).params, memoryKiB: 80 * 1024, passes: 1, parallelism: 1 };
    expect(hex(await engine('wasm').raw(big))).toBe(hex(await engine('native').raw(big)));
    expect(keptBytes()).toBeGreaterThan(0);
    expect(keptBytes()).toBeLessThanOrEqual(KEEP_BYTES);
  }, 60_000);

  it('argon2 - a 64 MiB wasm hash lets the event loop run', async () => {
    let ticks = 0;
    const timer = setInterval(() => {
      ticks += 1;
    }, 1);
    try {
      await engine('wasm').raw((PHP_DEFAULT[0] as Case).params);
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThanOrEqual(3);
  }, 60_000);

  it.each([
    ['a salt under 8 bytes', { salt: fill(7, 2) }],
    ['memory under 8 KiB per lane', { memoryKiB: 15, parallelism: 2 }],
    ['a tag under 4 bytes', { length: 3 }],
    ['no passes', { passes: 0 }],
    ['a version other than 16 or 19', { version: 17 }],
    ['an unknown type', { type: 'argon2x' }],
  ])('argon2 - argon2Raw refuses %s, naming no input', async (_, change) => {
    const params = { ...(RFC[2] as Case).params, password: Buffer.from('hunter2-secret'), ...change };
    const error = await argon2Raw(params as Argon2Params).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(RangeError);
    expect(error?.message).not.toContain('hunter2');
  });

  it('argon2 - argon2Raw and argon2Matches answer through the default engine', async () => {
    const { params, tag } = CHEAP[CHEAP.length - 1] as Case;
    expect(hex(await argon2Raw(params))).toBe(tag);
    const vector = VECTORS[0] as Case;
    const stored = `$${vector.params.type}$v=19$m=${vector.params.memoryKiB},t=${vector.params.passes},p=${vector.params.parallelism}$${Buffer.from(vector.params.salt).toString('base64').replace(/=+$/, '')}$${Buffer.from(vector.tag, 'hex').toString('base64').replace(/=+$/, '')}`;
    const parsed = parseArgon2(stored);
    if (!parsed) throw new Error('the rebuilt PHC string does not parse');
    expect(await argon2Matches(Buffer.from(vector.params.password).toString('utf8'), parsed)).toBe(true);
    expect(await argon2Matches('not the password', parsed)).toBe(false);
  });
});

type Outcome = [engine: string | null, tag: string | null];

/** Every case through `engine` of the paste-ready script, inside an emulated Auth0 container. */
async function inContainer(allowed: string[], engineName: string, cases: Case[]): Promise<Outcome[]> {
  const script = await argon2EnginesScript();
  const container = new Auth0Container({ configuration: {}, allowedModules: allowed });
  const outcomes: Outcome[] = [];
  for (const { params } of cases) {
    const outcome = await container.invoke(script, [engineName, params], 'argon2');
    if (outcome.error) throw outcome.error;
    outcomes.push(outcome.results as Outcome);
  }
  return outcomes;
}

describe('argon2 engines in the runtime emulator', () => {
  const expected = (name: string) => CHEAP.map((c): Outcome => [name, c.tag]);

  it.each(['native', 'wasm', 'js'])('argon2 - %s answers every vector inside the vm', async (name) => {
    expect(await inContainer(['argon2'], name, CHEAP)).toEqual(expected(name));
  });

  it("argon2 - the default is wasm, also where require('argon2') loads", async () => {
    expect(await inContainer(['argon2'], 'default', CHEAP)).toEqual(expected('wasm'));
    expect(await inContainer([], 'default', CHEAP)).toEqual(expected('wasm'));
    expect(await inContainer([], 'native', CHEAP.slice(0, 1))).toEqual([[null, null]]);
  });

  it('argon2 - PHP default argon2id in the vm, default engine without native (wasm)', async () => {
    expect(await inContainer([], 'default', PHP_DEFAULT)).toEqual(PHP_DEFAULT.map((c) => ['wasm', c.tag]));
  }, 60_000);

  it.each([
    ['native', ['argon2']],
    ['js', []],
  ])(
    'argon2 - a sandbox that forbids WebAssembly code falls back to %s (require serves %j)',
    async (name, allowed) => {
      const script = await argon2EnginesScript();
      const context = createContext(
        { global: {}, Buffer, setImmediate, setTimeout, require: limitedRequire(allowed as string[]) },
        { codeGeneration: { strings: true, wasm: false } },
      );
      const fn = new Script(`(${script}\n)`).runInContext(context) as (...args: unknown[]) => void;
      const run = (engineName: string, params: Argon2Params) =>
        new Promise<Outcome>((resolve, reject) =>
          fn(engineName, params, (error: unknown, ...results: unknown[]) =>
            error ? reject(error) : resolve(results as Outcome),
          ),
        );
      expect(await run('wasm', (CHEAP[0] as Case).params)).toEqual([null, null]);
      for (const c of CHEAP) expect(await run('default', c.params)).toEqual([name, c.tag]);
    },
  );
});

/** Runs inContainer's equivalent under another Node binary; prints one JSON line of outcomes per engine. */
const CHILD = `
import { Auth0Container } from './runtime/container.ts';
import { argon2EnginesScript } from './bench/argon2.ts';
const cases = JSON.parse(process.env.ARGON2_CASES);
const script = await argon2EnginesScript();
const out = { version: process.version };
for (const [engine, allowed] of [['native', ['argon2']], ['wasm', []], ['js', []], ['default', []]]) {
  const container = new Auth0Container({ configuration: {}, allowedModules: allowed });
  out[engine] = [];
  for (const p of cases) {
    const params = { ...p, password: Buffer.from(p.password, 'hex'), salt: Buffer.from(p.salt, 'hex'),
      secret: Buffer.from(p.secret, 'hex'), associatedData: Buffer.from(p.associatedData, 'hex') };
    const outcome = await container.invoke(script, [engine, params], 'argon2');
    out[engine].push(outcome.error ? ['error', String(outcome.error)] : outcome.results);
  }
}
console.log(JSON.stringify(out));
`;

describe('argon2 engines under Auth0 Node versions', () => {
  it.each(AUTH0_NODE_VERSIONS)(
    'argon2 - every engine answers every vector under Node %s',
    async (version) => {
      const node = await ensureNode(version);
      const cases = CHEAP.map(({ params }) => ({
        ...params,
        password: hex(params.password),
        salt: hex(params.salt),
        secret: hex(params.secret ?? new Uint8Array()),
        associatedData: hex(params.associatedData ?? new Uint8Array()),
      }));
      const stdout = await new Promise<string>((resolve, reject) =>
        execFile(
          node,
          ['--import', 'tsx', '--input-type=module', '-e', CHILD],
          {
            cwd: new URL('..', import.meta.url).pathname,
            env: { ...process.env, ARGON2_CASES: JSON.stringify(cases) },
          },
          (error, out, err) =>
            error ? reject(new Error(`${error.message}\n${err.slice(-2000)}`)) : resolve(out),
        ),
      );
      const result = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
      expect(result.version).toBe(`v${version}`);
      for (const name of ['native', 'wasm', 'js']) expect(result[name], name).toEqual(expected(name));
      expect(result.default).toEqual(expected('wasm'));
    },
    240_000,
  );

  const expected = (name: string) => CHEAP.map((c): Outcome => [name, c.tag]);
});
