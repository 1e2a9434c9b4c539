/**
 * The compare section's other arm is working code: each stock template (bench/stock/<adapter>/) answers
 * correctly against the real server through the local runtime, with native bcrypt.
 */
import bcrypt from 'bcryptjs';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { stockContainer, stockScript } from '../bench/stock.ts';
import type { ScriptName } from '../build/scripts.ts';
import type { Auth0Container } from '../runtime/container.ts';
import { describeEachBackend, type Harness, json, PASSWORD } from './support/harness.ts';

describeEachBackend('stock templates', (harness) => {
  let container: Auth0Container;
  beforeAll(() => {
    container = stockContainer(harness().adapter, harness().configuration);
  });
  afterEach(() => {
    expect(container.violations, 'callback contract breaches').toEqual([]);
  });

  const stock = (script: ScriptName, ...args: unknown[]) =>
    container.invoke(stockScript(harness().adapter, script), args, `stock/${script}`);

  async function seeded(h: Harness, tag: string, emailVerified = false) {
    const email = h.email(tag);
    const id = await h.seed({ email, nickname: `nick-${tag}`, emailVerified });
    return { email, id };
  }

  it('stock - login answers the template profile for the right password', async () => {
    const { email, id } = await seeded(harness(), 'stock-login');
    const { error, results } = await stock('login', email, PASSWORD);
    expect(error).toBeNull();
    expect(json(results[0])).toEqual({ user_id: id, nickname: 'nick-stock-login', email });
  });

  it('stock - login refuses a wrong password and an unknown user', async () => {
    const { email } = await seeded(harness(), 'stock-wrong');
    const wrong = await stock('login', email, 'not the password');
    expect(wrong.error?.name).toBe('WrongUsernameOrPasswordError');
    const unknown = await stock('login', harness().email('stock-nobody'), PASSWORD);
    expect(unknown.error?.name).toBe('WrongUsernameOrPasswordError');
  });

  it('stock - get_user answers the profile, and no profile for an unknown user', async () => {
    const { email, id } = await seeded(harness(), 'stock-get');
    const found = await stock('get_user', email);
    expect(found.error).toBeNull();
    expect(json(found.results[0])).toEqual({ user_id: id, nickname: 'nick-stock-get', email });
    const missing = await stock('get_user', harness().email('stock-nobody'));
    expect(missing.error).toBeNull();
    expect(missing.results[0] ?? null).toBeNull();
  });

  it('stock - verify records email_verified', async () => {
    const { email } = await seeded(harness(), 'stock-verify');
    const { error, results } = await stock('verify', email);
    expect(error).toBeNull();
    expect(results[0]).toBe(true);
    expect((await harness().probe.find(email))?.emailVerified).toBe(true);
  });

  it('stock - change_email moves the user to the new address with its verified flag', async () => {
    const { email, id } = await seeded(harness(), 'stock-move');
    const newEmail = harness().email('stock-moved');
    const { error, results } = await stock('change_email', email, newEmail, true);
    expect(error).toBeNull();
    expect(results[0]).toBe(true);
    expect(await harness().probe.find(email)).toBeNull();
    const moved = await harness().probe.find(newEmail);
    expect(moved?.id).toBe(id);
    expect(moved?.emailVerified).toBe(true);
  });

  it('stock - create stores a bcrypt hash that login accepts', async () => {
    const email = harness().email('stock-create');
    const user = { email, password: 'a new password', tenant: 't', client_id: 'c', connection: 'db' };
    const created = await stock('create', user);
    expect(created.error).toBeNull();
    const stored = await harness().probe.find(email);
    expect(stored?.passwordHash?.startsWith('$2b$10$')).toBe(true);
    expect(bcrypt.compareSync('a new password', stored?.passwordHash ?? '')).toBe(true);
    expect((await stock('login', email, 'a new password')).error).toBeNull();
  });

  it('stock - change_password replaces the hash', async () => {
    const { email } = await seeded(harness(), 'stock-password');
    const changed = await stock('change_password', email, 'another password');
    expect(changed.error).toBeNull();
    expect(changed.results[0]).toBe(true);
    expect((await stock('login', email, 'another password')).error).toBeNull();
  });

  it('stock - delete removes the user by the user_id login answered', async () => {
    const { email, id } = await seeded(harness(), 'stock-delete');
    const { error } = await stock('delete', id);
    expect(error).toBeNull();
    expect(await harness().probe.find(email)).toBeNull();
  });
});
