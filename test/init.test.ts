/**
 * `customdb init` on real servers: the kit's own schema (every part found by its name), and each framework
 * schema a preset knows (test/fixtures/init/<framework>.<adapter>.*, copied from the frameworks' own DDL),
 * each proposal rendered, written and built the way `customdb build` builds.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, inject, it } from 'vitest';
import { buildAll } from '../build/bundle.ts';
import { propose } from '../cli/init/index.ts';
import { renderConfig, unmappedFields } from '../cli/init/render.ts';
import { userFor } from './frameworks/expectations.ts';
import { FRAMEWORKS } from './frameworks/index.ts';
import { SUITE_PARTS } from './support/backends.ts';
import { describeEachBackend } from './support/harness.ts';

const run = promisify(execFile);
const ROOT = inject('root');
const FIXTURES = join(ROOT, 'test/fixtures/init');
const CLI = join(ROOT, 'cli/customdb.mjs');

/** Columns each framework keeps that no profile part maps: init must comment them. */
const UNMAPPED: Record<string, string[]> = { laravel: ['remember_token'], django: ['last_login'] };

describeEachBackend('init', (h) => {
  it("init - on the kit's own schema should map every part by name, and the written config should build", async () => {
    await h().seed({ email: h().email('init-own'), username: 'init-own', name: 'Init' });
    const proposal = await propose(h().adapter, h().server.url);
    if (typeof proposal === 'string') throw new Error(proposal);
    expect('preset' in proposal.recognized.choice).toBe(false);
    const validated = h().adapter.validateConfig(proposal.block, 'stores');
    const fields = h().adapter.fieldsOf(validated);
    for (const [part, name] of Object.entries(SUITE_PARTS)) {
      // The samples of a document store hold only the fields its users have.
      if (
        h().adapter.capabilities.schemaless &&
        !['email', 'passwordHash', 'username', 'name'].includes(part)
      )
        continue;
      expect(fields[part as keyof typeof fields], part).toBe(name);
    }
    const dir = await mkdtemp(join(tmpdir(), 'customdb-init-'));
    try {
      // A project of its own, as the kit's root is: ES modules.
      await writeFile(join(dir, 'package.json'), '{"type":"module"}');
      const written = await run(
        process.execPath,
        [CLI, 'init', `--${h().adapter.name}`, h().server.url, '--write'],
        { cwd: dir },
      );
      expect(written.stdout).toContain('customdb.config.ts');
      const source = readFileSync(join(dir, 'customdb.config.ts'), 'utf8');
      for (const field of unmappedFields(proposal)) expect(source).toContain(`// ${field.name} (`);
      const again = await run(
        process.execPath,
        [CLI, 'init', `--${h().adapter.name}`, h().server.url, '--write'],
        { cwd: dir },
      ).catch((e: { code: number; stderr: string }) => e);
      expect('code' in again ? again.code : 0).toBe(1);
      const built = await buildAll({
        root: ROOT,
        configFile: join(dir, 'customdb.config.ts'),
        outDir: join(dir, 'dist'),
      });
      expect(built.length).toBe(7);
      expect(existsSync(join(dir, 'dist', h().adapter.name, 'login.js'))).toBe(true);
      // No connection string, hence no credential, in what init writes.
      expect(source).not.toContain(h().server.url);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it('init - should recognize each framework store that the framework itself created', async () => {
    const here = FRAMEWORKS.filter((store) => store.adapters.includes(h().adapter.name));
    expect(here.length).toBeGreaterThan(0);
    for (const store of here) {
      const instance = store.on(h().server, { database: `customdb_init_real_${store.framework}` });
      try {
        await instance.create();
        // A document store is read from its documents: one user the framework made.
        await instance.seedUser(userFor(store, 'init'));
        const proposal = await propose(h().adapter, instance.server.url);
        if (typeof proposal === 'string') throw new Error(`${store.framework}: ${proposal}`);
        expect(proposal.recognized.choice, store.framework).toMatchObject({ preset: store.framework });
        for (const column of UNMAPPED[store.framework] ?? []) {
          expect(renderConfig(proposal, tmpdir()), store.framework).toContain(`// ${column} (`);
        }
      } finally {
        await instance.drop();
      }
    }
  }, 300_000);

  it('init - should recognize every framework schema the presets know and propose a config that builds', async (context) => {
    const fixtures = readdirSync(FIXTURES).filter((file) => file.split('.')[1] === h().adapter.name);
    const testing = h().testing;
    if (!testing.scratch) return context.skip();
    expect(fixtures.length).toBeGreaterThan(0);
    for (const file of fixtures) {
      const framework = file.split('.')[0] as string;
      await using scratch = await testing.scratch(h().server, `customdb_init_${framework}`);
      await scratch.load(readFileSync(join(FIXTURES, file), 'utf8'));
      const proposal = await propose(h().adapter, scratch.url);
      if (typeof proposal === 'string') throw new Error(`${file}: ${proposal}`);
      expect(proposal.recognized.choice, file).toMatchObject({ preset: framework });
      const dir = await mkdtemp(join(tmpdir(), 'customdb-init-'));
      try {
        const source = renderConfig(proposal, dir);
        for (const column of UNMAPPED[framework] ?? []) expect(source, file).toContain(`// ${column} (`);
        await writeFile(join(dir, 'customdb.config.ts'), source);
        const built = await buildAll({
          root: ROOT,
          configFile: join(dir, 'customdb.config.ts'),
          outDir: join(dir, 'dist'),
        });
        expect(built.map((script) => script.script).sort(), file).toEqual([
          'change_email',
          'change_password',
          'create',
          'delete',
          'get_user',
          'login',
          'verify',
        ]);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }
  }, 300_000);
});
