/**
 * The callback wrapper on its own, with scripts that misbehave on purpose: they echo every secret they
 * were given into their errors and logs, hang, or answer after the deadline.
 */

import { describe, expect, it } from 'vitest';
import { toAuth0Function } from '../build/wrapper.ts';
import { KitError } from '../core/errors.ts';
import { passwordConfig } from '../core/passwords.ts';
import type { UserStore } from '../core/store.ts';
import type { Script } from '../scripts/lib/kit.ts';

const settings = {
  userIdPrefix: '',
  passwords: passwordConfig({ bcryptCost: 10, accept: [], rehashOnLogin: false }, 'passwords'),
  inactiveMessage: 'disabled',
};
const noStore = () => ({}) as UserStore;

interface Answer {
  args: unknown[];
  logs: string[];
}

async function call(
  name: Parameters<typeof toAuth0Function>[0],
  script: Script,
  args: unknown[],
  configuration: Record<string, string> = {},
): Promise<Answer> {
  const logs: string[] = [];
  {
    const run = toAuth0Function(name, script, noStore, settings, ['DB_POOL_SIZE']);
    return await new Promise<Answer>((resolve) =>
      run({ configuration, console: { log: (message) => logs.push(message) } }, [
        ...args,
        (...answer: unknown[]) => resolve({ args: answer, logs }),
      ]),
    );
  }
}

/** A script that echoes everything it received, then fails. */
const echo: Script = async (kit, ...args) => {
  const text = JSON.stringify(args);
  kit.log(`about to fail with ${text}`);
  throw new KitError('store_unavailable', `driver said: ${text}`);
};

describe('wrapper', () => {
  it.each([
    ['login', ['jane@example.test', 'pw-secret-1'], ['pw-secret-1']],
    ['change_password', ['jane@example.test', 'pw-secret-2'], ['pw-secret-2']],
    [
      'create',
      [{ email: 'jane@example.test', password: 'pw-secret-3', user_metadata: { color: 'meta-secret' } }],
      ['pw-secret-3', 'meta-secret'],
    ],
  ] as const)('wrapper - %s never echoes its secret arguments', async (name, args, secrets) => {
    const answer = await call(name, echo, [...args], { MYSQL_PASSWORD: 'conf-secret', DB_POOL_SIZE: '3456' });
    const error = answer.args[0] as Error;
    const exposed = `${error.message}\n${answer.logs.join('\n')}`;
    for (const secret of [...secrets, 'conf-secret']) expect(exposed).not.toContain(secret);
    // What is not secret stays readable: the address, the keys, a declared public setting.
    expect(exposed).toContain('jane@example.test');
    expect(exposed).toContain(name === 'create' ? 'user_metadata' : 'jane');
  });

  it('wrapper - keeps a public setting readable and masks an undeclared one', async () => {
    const script: Script = async () => {
      throw new Error('pool 3456 and token opaque-value');
    };
    const answer = await call('verify', script, ['a@b.test'], {
      DB_POOL_SIZE: '3456',
      SOME_TOKEN: 'opaque-value',
    });
    expect((answer.args[0] as Error).message).toBe('pool 3456 and token [redacted]');
  });

  it('wrapper - answers a hung script at the deadline, once, and drops its late answer', async () => {
    let finish: (value: unknown) => void = () => undefined;
    const hung: Script = () => new Promise((resolve) => (finish = resolve));
    const answers: unknown[][] = [];
    const run = toAuth0Function('verify', hung, noStore, settings, []);
    const first = new Promise<void>((resolve) =>
      run({ configuration: { CALL_DEADLINE_MS: '200' } }, [
        'a@b.test',
        (...answer: unknown[]) => {
          answers.push(answer);
          resolve();
        },
      ]),
    );
    await first;
    finish(true);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(answers).toHaveLength(1);
    expect(answers[0]?.[0]).toMatchObject({
      message: 'deadline_exceeded: verify did not finish within 200 ms',
    });
  });

  it('wrapper - takes the callback last and passes a script context through', async () => {
    const script: Script = async (kit, email) => ({ email, context: kit.context });
    const answer = await call('get_user', script, ['a@b.test', { organization: { id: 'org_1' } }]);
    expect(answer.args).toEqual([null, { email: 'a@b.test', context: { organization: { id: 'org_1' } } }]);
  });
});
