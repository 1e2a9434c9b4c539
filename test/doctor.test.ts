/**
 * `customdb doctor` on real servers: a store seeded with every problem it reports
 * (test/fixtures/doctor/problems.<adapter>.*), and the suite's own clean store.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, inject, it } from 'vitest';
import type { KitConfig } from '../build/config.ts';
import { runDoctor } from '../cli/doctor/index.ts';
import { exitCode, renderReport } from '../cli/doctor/report.ts';
import { describeEachBackend } from './support/harness.ts';

const run = promisify(execFile);
const ROOT = inject('root');
const PARTS = {
  email: 'email',
  passwordHash: 'password_hash',
  emailVerified: 'email_verified',
  username: 'username',
};

describeEachBackend('doctor', (h) => {
  it('doctor - should report every problem of a seeded store and exit 1', async (context) => {
    const { adapter, testing } = h();
    if (!testing.scratch) return context.skip();
    await using scratch = await testing.scratch(h().server, 'customdb_doctor');
    await scratch.load(
      readFileSync(
        join(
          ROOT,
          `test/fixtures/doctor/problems.${adapter.name}.${adapter.capabilities.schemaless ? 'json' : 'sql'}`,
        ),
        'utf8',
      ),
    );
    const config = {
      ...h().config,
      stores: { [adapter.name]: testing.withName(testing.storeConfig(PARTS), 'people') },
    } as KitConfig;
    const configuration = testing.configuration({ ...h().server, url: scratch.url });
    const report = await runDoctor({ root: ROOT, config, adapter, configuration });
    const text = renderReport(report, 100_000);
    const blocks = report.findings.filter((f) => f.severity === 'block').map((f) => f.message);
    const warnings = report.findings.filter((f) => f.severity === 'warn').map((f) => f.message);
    expect(exitCode(report)).toBe(1);
    expect(report.users).toBe(7);
    expect(report.hashes).toEqual({ phpass: 5, missing: 1, unrecognized: 1 });
    expect(report.unaccepted.sort()).toEqual(['phpass', 'unrecognized']);
    expect(blocks.join('\n')).toContain('5 users have phpass password hashes');
    expect(blocks.join('\n')).toContain('1 users have no password hash');
    expect(blocks.join('\n')).toMatch(/1 emails are held by more than one user.*Ann@example\.test/);
    expect(blocks.join('\n')).toMatch(/1 usernames are held by more than one user/);
    expect(blocks.join('\n')).toContain('"not-an-address"');
    // Document stores: the kit creates the index itself (a warning); SQL with uniqueness 'index' relies on it.
    const missingIndex = [...blocks, ...warnings].filter((m) => m.includes('no unique index on'));
    expect(missingIndex).toHaveLength(2);
    if (!adapter.capabilities.schemaless) {
      expect(blocks.join('\n')).toContain('no unique index on email');
      expect(warnings.join('\n')).toMatch(/email email compares under \S+, which ignores case and accents/);
      expect(warnings.join('\n')).toMatch(
        /different addresses are equal under .*jose@example\.test = josé@example\.test/,
      );
      expect(warnings.join('\n')).toContain('email email holds 100 characters, fewer than the 254');
      expect(warnings.join('\n')).toContain('username username holds 50 characters, fewer than the 128');
      expect(blocks.join('\n')).toContain(
        'passwordHash password_hash holds 50 characters, fewer than the 60',
      );
    }
    expect(Object.keys(report.bundles).sort()).toHaveLength(7);
    for (const bytes of Object.values(report.bundles)) expect(bytes).toBeLessThan(100_000);
    // Census by format only: no stored hash, no configuration value in the report.
    expect(text).not.toContain('$P$');
    expect(text).not.toContain('hunter2');
    for (const value of Object.values(configuration)) expect(text).not.toContain(value);
  }, 180_000);

  it("doctor - the suite's clean store should pass, through the CLI with exit status 0", async () => {
    const { adapter } = h();
    await h().seed({ email: h().email('doctor-ok'), username: 'doctor-ok' });
    const dir = await mkdtemp(join(tmpdir(), 'customdb-doctor-'));
    try {
      const config = { ...h().config, stores: { [adapter.name]: h().store } };
      await writeFile(join(dir, 'config.mjs'), `export default ${JSON.stringify(config)};\n`);
      await writeFile(join(dir, 'configuration.json'), JSON.stringify(h().configuration));
      const { stdout } = await run(
        process.execPath,
        [
          join(ROOT, 'cli/customdb.mjs'),
          'doctor',
          '--adapter',
          adapter.name,
          '--config',
          join(dir, 'config.mjs'),
          '--configuration',
          join(dir, 'configuration.json'),
        ],
        { cwd: ROOT },
      );
      expect(stdout).toMatch(/bcrypt\s+1\n/);
      expect(stdout).toContain('0 blocking');
      expect(stdout).not.toContain('no unique index');
      expect(stdout).toMatch(/login\.js\s+[\d.]+ kB of 100 kB/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
