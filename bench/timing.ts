/**
 * The `timing` section: does a login's answer time tell an attacker anything? On every backend, at
 * bcryptCost 10 and 12, interleaved call by call in one container: a known user with a wrong password,
 * an unknown user, a user without a hash, and one whose stored hash is over the work caps. All but the
 * first pay a dummy check in the write format; the bound is 0.8–1.25 of the known user's time.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import type { AdapterDescriptor } from '../adapters/descriptor.ts';
import { buildAll } from '../build/bundle.ts';
import { passwordConfig } from '../core/passwords.ts';
import { Auth0Container, type Invocation } from '../runtime/container.ts';
import { storeOf, suiteConfig } from '../test/support/backends.ts';
import type { BenchSettings } from './settings.ts';
import {
  type Cell,
  emitJson,
  formatMs,
  formatRatio,
  interleave,
  markdownTable,
  median,
  p90,
  progress,
  ratio,
  verdict,
} from './stats.ts';
import { PASSWORD } from './workloads.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const COSTS = [10, 12] as const;
const BAND = { low: 0.8, high: 1.25 };

interface TimingArm {
  name: string;
  email: string;
  /** What the answer must be: a timing of a wrong answer measures nothing. */
  expect: (outcome: Invocation) => boolean;
}

const refused = (outcome: Invocation) => outcome.error?.name === 'WrongUsernameOrPasswordError';
const fault = (outcome: Invocation) => outcome.error?.message.startsWith('hash_over_cap') === true;

async function timeBackend(
  adapter: AdapterDescriptor,
  settings: BenchSettings,
  rows: Cell[][],
): Promise<string> {
  const testing = await adapter.testing();
  await using server = await testing.provision();
  const config = await suiteConfig([adapter]);
  const store = storeOf(config, adapter);
  await testing.prepare(server, store);
  const probe = testing.openProbe(server, store);
  const outDir = await mkdtemp(join(tmpdir(), 'customdb-bench-timing-'));
  try {
    for (const cost of COSTS) {
      progress(`timing: ${adapter.name}, bcryptCost ${cost}`);
      const passwords = passwordConfig(
        { bcryptCost: cost, accept: ['bcrypt'], rehashOnLogin: false },
        'passwords',
      );
      await buildAll({ root: ROOT, config: { ...config, passwords }, outDir, scripts: ['login'] });
      const login = readFileSync(join(outDir, adapter.name, 'login.js'), 'utf8');
      const email = (who: string) => `${who}-${cost}@timing.test`;
      await probe.seedMany([
        { email: email('known'), passwordHash: await bcrypt.hash(PASSWORD, cost) },
        { email: email('nohash'), passwordHash: null },
        { email: email('overcap'), passwordHash: `$2b$31$${'a'.repeat(53)}` },
      ]);
      const arms: TimingArm[] = [
        { name: 'known user, wrong password', email: email('known'), expect: refused },
        { name: 'unknown user', email: email('nobody'), expect: refused },
        { name: 'user without a hash', email: email('nohash'), expect: refused },
        { name: 'hash over the caps', email: email('overcap'), expect: fault },
      ];
      await using container = new Auth0Container({ configuration: testing.configuration(server) });
      const call = async (arm: TimingArm) => {
        const started = performance.now();
        const outcome = await container.invoke(login, [arm.email, 'not the password'], `timing/${arm.name}`);
        const elapsed = performance.now() - started;
        if (!arm.expect(outcome))
          throw new Error(`timing: ${arm.name}: unexpected ${outcome.error?.message ?? 'success'}`);
        return elapsed;
      };
      for (const arm of arms) for (let k = 0; k < settings.warmup; k += 1) await call(arm);
      const samples = await interleave(arms, settings.loginIterations, call);
      const known = median(samples[0] ?? []);
      arms.forEach((arm, i) => {
        const mine = samples[i] ?? [];
        const value = ratio(median(mine), known);
        const target = i === 0 ? undefined : { bound: BAND.high, atMost: true };
        const inBand = value >= BAND.low && value <= BAND.high;
        emitJson('timing', {
          backend: adapter.name,
          bcryptCost: cost,
          arm: arm.name,
          calls: mine.length,
          p50Ms: median(mine),
          p90Ms: p90(mine),
          ratio: value,
        });
        rows.push([
          adapter.name,
          cost,
          arm.name,
          formatMs(median(mine)),
          formatMs(p90(mine)),
          formatRatio(value),
          i === 0 ? '' : inBand ? 'in 0.8–1.25' : verdict(value, target),
        ]);
      });
    }
  } finally {
    await probe.close();
    await testing.drop(server, store);
    await rm(outDir, { recursive: true, force: true });
  }
  return `${adapter.name}: ${server.label}`;
}

export async function runTiming(settings: BenchSettings): Promise<void> {
  const rows: Cell[][] = [];
  const servers: string[] = [];
  for (const adapter of settings.adapters) servers.push(await timeBackend(adapter, settings, rows));
  console.log(`Servers: ${servers.join('; ')}.\n`);
  console.log('### login answer time by kind of failure (ratio to the known user with a wrong password)\n');
  console.log(markdownTable(['backend', 'bcryptCost', 'arm', 'p50', 'p90', 'ratio p50', 'bound'], rows));
}
