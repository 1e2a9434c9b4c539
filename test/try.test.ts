/** `customdb try` over the suite's bundles and servers: what the callback received, printed. */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { runTryCommand } from '../cli/try.ts';
import { describeEachBackend, PASSWORD } from './support/harness.ts';
import { collector } from './support/output.ts';

describeEachBackend('try', (h) => {
  let dir = '';
  let configurationFile = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'customdb-try-'));
    configurationFile = join(dir, 'configuration.json');
    await writeFile(configurationFile, JSON.stringify(h().configuration));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const flags = () => [
    '--adapter',
    h().adapter.name,
    '--configuration',
    configurationFile,
    '--dist',
    inject('distDir'),
  ];

  async function tryScript(args: string[], stdin = `${PASSWORD}\n`) {
    const [stdout, stderr] = [collector(), collector()];
    const code = await runTryCommand([...args, ...flags()], {
      stdin: Readable.from([stdin]),
      stdout: stdout.stream,
      stderr: stderr.stream,
    });
    return { code, stdout: stdout.text(), stderr: stderr.text() };
  }

  it('try - login should print the profile as JSON for a seeded user, the password read from stdin', async () => {
    const email = h().email('try-login');
    const id = await h().seed({ email, name: 'Try Person' });
    const { code, stdout } = await tryScript(['login', email]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ user_id: h().userId(id), email, name: 'Try Person' });
  });

  it('try - login should print the error class and code for a wrong password, and not the password', async () => {
    const email = h().email('try-wrong');
    await h().seed({ email });
    const { code, stdout } = await tryScript(['login', email], 'not the password 9f3k\n');
    expect(code).toBe(1);
    expect(stdout).toMatch(/^error: WrongUsernameOrPasswordError \(code wrongusernameorpassword\): /);
    expect(stdout + JSON.stringify(h().configuration)).not.toContain('9f3k');
  });

  it('try - get_user should say so when the user does not exist', async () => {
    const { code, stdout } = await tryScript(['get_user', h().email('try-missing')]);
    expect(code).toBe(0);
    expect(stdout.trim()).toBe('ok (callback(null))');
  });

  it('try - create should store the user with the password from stdin, and login should then find it', async () => {
    const email = h().email('try-create');
    const created = await tryScript(['create', JSON.stringify({ email, name: 'Tri Person' })]);
    expect(created).toMatchObject({ code: 0, stdout: 'ok (callback(null))\n' });
    expect((await h().probe.find(email))?.name).toBe('Tri Person');
    const login = await tryScript(['login', email]);
    expect(JSON.parse(login.stdout)).toMatchObject({ email, name: 'Tri Person' });
  });

  it('try - change_password should take the new password from stdin, and delete should remove the user', async () => {
    const email = h().email('try-change');
    const id = await h().seed({ email });
    expect((await tryScript(['change_password', email], 'a brand new passphrase\n')).stdout.trim()).toBe(
      'true',
    );
    expect((await tryScript(['login', email])).code).toBe(1);
    expect((await tryScript(['login', email], 'a brand new passphrase')).code).toBe(0);
    expect(await tryScript(['delete', h().userId(id)])).toMatchObject({
      code: 0,
      stdout: 'ok (callback(null))\n',
    });
    expect(await h().probe.find(email)).toBeNull();
  });

  it('try - should refuse a password given on the command line, before any call', async () => {
    const email = h().email('try-argv');
    for (const args of [
      ['login', email, PASSWORD],
      ['change_password', email, 'a-new-password'],
      ['create', JSON.stringify({ email, password: PASSWORD })],
    ]) {
      const { code, stderr } = await tryScript(args);
      expect(code).toBe(2);
      expect(stderr).toContain('never from the command line');
    }
    expect(await h().probe.find(email)).toBeNull();
  });

  it('try - customdb try should read the password from a pipe as a user runs it', async () => {
    const email = h().email('try-cli');
    await h().seed({ email });
    const stdout = await new Promise<string>((resolve, reject) => {
      const child = execFile(
        process.execPath,
        [join(inject('root'), 'cli/customdb.mjs'), 'try', 'login', email, ...flags()],
        (error, out) => (error ? reject(error) : resolve(out)),
      );
      child.stdin?.end(`${PASSWORD}\n`);
    });
    expect(JSON.parse(stdout)).toMatchObject({ email });
  });
});
