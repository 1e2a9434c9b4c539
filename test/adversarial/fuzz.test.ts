/**
 * Every argument of every script, fuzzed with SQL, operator and prototype payloads and look-alikes of a
 * victim's address, from a fixed seed so a failure reproduces. After each call, raw probes check that
 * nobody logged in without the password, the victim's record is untouched, and nothing else was added.
 */
import { expect, it } from 'vitest';
import { SCRIPTS, type ScriptName } from '../../build/scripts.ts';
import { describeEachBackend, PASSWORD } from '../support/harness.ts';

const SEED = 20261124;
const CALLS_PER_SCRIPT = 30;

/** mulberry32: a small deterministic generator. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
}

/** Payloads built around the victim's address (and never the victim's exact address or password). */
function payloads(victim: string, victimId: string): unknown[] {
  const [local, domain] = victim.split('@') as [string, string];
  return [
    `${local}' OR '1'='1@${domain}`,
    `${victim}' --`,
    `"${victim}"; DROP TABLE users; --`,
    `${local}%@${domain}`,
    `${local}_@${domain}`,
    `%@${domain}`,
    `.*@${domain}`,
    `${local}\\@${domain}`,
    `${victim} `,
    `${victim}\u0000`,
    `${local.toUpperCase()}\u200b@${domain}`,
    victim.replace('a', 'а'),
    victim.replace(/^./, (c) => `${c}\u0301`),
    'x'.repeat(5000),
    '',
    '   ',
    'null',
    'undefined',
    '{"$ne":null}',
    { $ne: null },
    { $gt: '' },
    { $regex: '.*' },
    { $where: 'sleep(1000) || true' },
    { $in: [victim] },
    { email: victim },
    JSON.parse('{"__proto__": {"admin": true, "email_verified": true}}'),
    { constructor: { prototype: { polluted: true } } },
    [victim],
    [[victim]],
    `legacy|${victimId} OR 1=1`,
    `legacy|${victimId}abc`,
    `auth0|legacy|${victimId}%`,
    0,
    -1,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    true,
    null,
    undefined,
  ];
}

/** A fuzzed create request: sometimes a well-formed user with hostile metadata, sometimes anything. */
function createRequest(pick: <T>(items: readonly T[]) => T, pool: unknown[], n: number): unknown {
  const hostile = pick(pool);
  return pick([
    hostile,
    { email: hostile, password: pick(pool) },
    { email: `fuzz-${n}@example.test`, password: pick(pool), app_metadata: pick(pool) },
    {
      email: `fuzz-${n}@example.test`,
      password: 'Fuzz-pw-1',
      user_metadata: { [String(pick(pool))]: pick(pool) },
    },
    JSON.parse(
      `{"email":"fuzz-${n}@example.test","password":"Fuzz-pw-1","__proto__":{"app_metadata":{"role":"admin"}}}`,
    ),
  ]);
}

describeEachBackend('fuzz', (h) => {
  it(`fuzz - ${CALLS_PER_SCRIPT} hostile calls per script reach no one and change nothing`, async () => {
    const pick = generator(SEED);
    const victim = h().email('fuzz-victim');
    const victimId = await h().seed({
      email: victim,
      username: `victim_${randomTag()}`,
      appMetadata: { role: 'user' },
    });
    const before = await h().probe.find(victim);
    const total = await h().probe.total();
    const pool = payloads(victim, victimId);
    let created = 0;
    for (const script of Object.keys(SCRIPTS) as ScriptName[]) {
      for (let n = 0; n < CALLS_PER_SCRIPT; n++) {
        const args =
          script === 'create' ? [createRequest(pick, pool, n)] : SCRIPTS[script].params.map(() => pick(pool));
        const call = await h().call(script, ...args);
        const label = `${script}(${JSON.stringify(args)?.slice(0, 200)})`;
        if (script === 'login') expect(call.error, label).not.toBeNull();
        if (script === 'create' && !call.error) {
          created += 1;
          h().track(String((args[0] as { email?: unknown }).email));
        }
        expect(await h().probe.find(victim), label).toEqual(before);
      }
    }
    expect(await h().probe.total()).toBe(total + created);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    // The victim still signs in, and only with their own password.
    expect((await h().call('login', victim, PASSWORD)).error).toBeNull();
  }, 180_000);
});

function randomTag(): string {
  return Math.random().toString(36).slice(2, 8);
}
