import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runHashCommand } from '../cli/hash.ts';
import { HASH_VECTORS, type HashVector } from './vectors/vectors.ts';

const vectors = HASH_VECTORS;
/** One cheap vector per format and producer (argon2 at PHP's 64 MiB default is left to hashes.test.ts). */
const sample = [
  ...new Map(
    vectors.filter((v) => !v.hash.includes('m=65536')).map((v) => [`${v.format} ${v.producer}`, v] as const),
  ).values(),
];

function saltFlags(v: HashVector): string[] {
  const layout = v.saltedDigest;
  if (!layout) return [];
  return [
    '--salt',
    v.salt ?? '',
    '--algorithm',
    layout.algorithm,
    '--salt-position',
    layout.saltPosition,
    '--encoding',
    layout.encoding,
  ];
}

async function run(args: string[], input = '') {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdin.end(input);
  const code = await runHashCommand(args, { stdin, stdout, stderr });
  stdout.end();
  stderr.end();
  const text = (stream: PassThrough) => (stream.read() as Buffer | null)?.toString('utf8') ?? '';
  return { code, out: text(stdout), err: text(stderr) };
}

describe('customdb hash identify', () => {
  it.each(sample)('$format · $producer', async (v) => {
    const expected =
      v.format === 'salted-digest' ? 'unknown' : v.format === 'bcrypt-sha256' ? 'bcrypt' : v.format;
    const result = await run(['identify', v.hash]);
    expect(result).toEqual({ code: expected === 'unknown' ? 2 : 0, out: `${expected}\n`, err: '' });
  });

  it('needs exactly one hash', async () => {
    expect((await run(['identify'])).code).toBe(2);
    expect((await run(['identify', 'a', 'b'])).code).toBe(2);
  });
});

describe('customdb hash verify', () => {
  it.each(sample)('$format · $producer: 0 on match, 1 on mismatch', { timeout: 30_000 }, async (v) => {
    const format = v.format === 'bcrypt-sha256' ? ['--format', 'bcrypt-sha256'] : [];
    const args = ['verify', v.hash, ...saltFlags(v), ...format];
    expect(await run(args, `${v.password}\n`)).toEqual({ code: 0, out: `match (${v.format})\n`, err: '' });
    const mismatch = await run(args, `Z${v.password}\n`);
    expect(mismatch.code).toBe(1);
    expect(mismatch.out).toMatch(/^mismatch/);
  });

  it('drops exactly one trailing newline from stdin', async () => {
    const v = sample.find((x) => x.format === 'phpass') as HashVector;
    expect((await run(['verify', v.hash], v.password)).code).toBe(0);
    expect((await run(['verify', v.hash], `${v.password}\r\n`)).code).toBe(0);
    expect((await run(['verify', v.hash], `${v.password}\n\n`)).code).toBe(1);
  });

  it('checks a Meteor hash as plain bcrypt without --format bcrypt-sha256', async () => {
    const v = sample.find((x) => x.format === 'bcrypt-sha256') as HashVector;
    expect(await run(['verify', v.hash], v.password)).toMatchObject({ code: 1, out: 'mismatch (bcrypt)\n' });
  });

  it('exits 2 with a message for an unknown or malformed hash', async () => {
    const unknown = await run(['verify', 'hunter2'], 'pw');
    expect(unknown).toMatchObject({ code: 2, out: '' });
    expect(unknown.err).toMatch(/unrecognized/);
    const malformed = await run(['verify', '$2b$04$tooShort'], 'pw');
    expect(malformed).toMatchObject({ code: 2, out: '' });
    expect(malformed.err).toMatch(/malformed bcrypt/);
    const digest = sample.find((x) => x.format === 'salted-digest') as HashVector;
    expect((await run(['verify', digest.hash], digest.password)).code).toBe(2);
  });

  it('exits 2 when a salted digest does not fit the given layout', async () => {
    const v = sample.find((x) => x.saltedDigest?.algorithm === 'md5') as HashVector;
    const flags = saltFlags(v).map((f) => (f === 'md5' ? 'sha256' : f));
    const result = await run(['verify', v.hash, ...flags], v.password);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/malformed salted-digest/);
  });

  it.each([
    ['no hash', ['verify']],
    ['two hashes', ['verify', 'a', 'b']],
    ['an unknown option', ['verify', 'x', '--bogus']],
    [
      'an unknown algorithm',
      ['verify', 'x', '--algorithm', 'md4', '--salt-position', 'before', '--encoding', 'hex'],
    ],
    ['a partial layout', ['verify', 'x', '--algorithm', 'md5']],
    ['a salt without a layout', ['verify', 'x', '--salt', 's']],
    ['an unknown format', ['verify', 'x', '--format', 'md5crypt']],
    ['no subcommand', []],
    ['an unknown subcommand', ['hash']],
  ])('exits 2 with usage for %s', async (_, args) => {
    const result = await run(args, 'pw');
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/usage: customdb hash/);
  });

  it('prints usage for help', async () => {
    const result = await run(['--help']);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/usage: customdb hash/);
  });
});
