/**
 * `lookup: 'lowercase'`: stores that keep addresses as typed (Django, Meteor) under an exact comparison
 * are still found by any casing; the kit's exact identity decides, and twins are refused, never picked.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { buildAll } from '../../build/bundle.ts';
import type { KitConfig } from '../../build/config.ts';
import { WrongUsernameOrPasswordError } from '../../runtime/errors.ts';
import { describeEachBackend, PASSWORD } from '../support/harness.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'customdb-lookup-'));
  const base = inject('suiteConfig');
  const stores = Object.fromEntries(
    Object.entries(base.stores).map(([name, store]) => [name, { ...store, lookup: 'lowercase' }]),
  ) as KitConfig['stores'];
  await buildAll({
    root: inject('root'),
    config: { ...base, stores },
    outDir: dir,
    scripts: ['login', 'get_user'],
  });
}, 60_000);
afterAll(async () => rm(dir, { recursive: true, force: true }));

describeEachBackend('lookup lowercase', (h) => {
  const call = (script: 'login' | 'get_user', ...args: unknown[]) =>
    h().container.invoke(h().script(script, dir), args, `lookup/${script}`);

  it('lookup - should find an address stored as typed, by any casing', async () => {
    const tag = Math.random().toString(36).slice(2, 8);
    const stored = h().track(`Mixed.Case-${tag}@Example.test`);
    const id = await h().seed({ email: stored });
    for (const typed of [stored.toLowerCase(), stored.toUpperCase(), stored]) {
      const { results } = await call('login', typed, PASSWORD);
      expect((results[0] as { user_id: string }).user_id, typed).toBe(h().userId(id));
    }
  });

  it('lookup - should refuse, not pick, when two stored addresses differ only in case', async (context) => {
    // A case-insensitive unique index cannot hold both: that database refuses the twin itself.
    if (h().adapter.capabilities.caseInsensitiveText) {
      return context.skip('the unique email index here is case-insensitive: the twin cannot be stored');
    }
    const tag = Math.random().toString(36).slice(2, 8);
    const lower = h().track(`twin-${tag}@example.test`);
    const upper = h().track(`Twin-${tag}@example.test`);
    await h().seed({ email: lower });
    await h().seed({ email: upper });
    const { error } = await call('get_user', lower);
    expect(error?.message).toMatch(/^ambiguous_user: users .+ share this email/);
    expect((await call('login', lower, PASSWORD)).error).not.toBeInstanceOf(WrongUsernameOrPasswordError);
  });
});
