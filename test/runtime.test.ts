/** The local Auth0 runtime must catch what Auth0 would punish, or the suite proves nothing. */
import { describe, expect, it } from 'vitest';
import { Auth0Container, limitedRequire } from '../runtime/container.ts';
import { ValidationError, WrongUsernameOrPasswordError } from '../runtime/errors.ts';

const container = (timeoutMs = 2000) => new Auth0Container({ configuration: { KEY: 'value' }, timeoutMs });

describe('runtime', () => {
  it('runtime - should pass configuration, global and the error classes to the script', async () => {
    const c = container();
    const script = `function login(email, password, callback) {
      global.calls = (global.calls || 0) + 1;
      callback(new WrongUsernameOrPasswordError(email, configuration.KEY + ':' + global.calls));
    }`;
    await c.invoke(script, ['a@b.test', 'pw']);
    const { error } = await c.invoke(script, ['a@b.test', 'pw']);
    expect(error).toBeInstanceOf(WrongUsernameOrPasswordError);
    expect(error?.message).toBe('value:2');
    expect(error?.user_id).toBe('a@b.test');
    expect(c.violations).toEqual([]);
  });

  it('runtime - should record a second callback as a violation', async () => {
    const c = container();
    const { results } = await c.invoke(
      'function verify(email, callback) { callback(null, true); callback(null, false); }',
      ['x'],
    );
    expect(results).toEqual([true]);
    expect(c.violations).toEqual(['script: callback called 2 times']);
  });

  it('runtime - should record a synchronous throw and report it as the error', async () => {
    const c = container();
    const { error } = await c.invoke('function verify(email, callback) { throw new Error("boom"); }', ['x']);
    expect(error?.message).toBe('boom');
    expect(c.violations[0]).toMatch(/threw synchronously: boom/);
  });

  it('runtime - should time out a script that never calls back', async () => {
    const c = container(200);
    const { timedOut, error } = await c.invoke('function verify(email, callback) {}', ['x']);
    expect(timedOut).toBe(true);
    expect(error?.message).toMatch(/execution time exceeded/);
    expect(c.violations).toEqual(['script: no callback within 200 ms']);
  });

  it('runtime - should evaluate the text as an expression, so text after the function fails', async () => {
    const c = container();
    const { error } = await c.invoke('function verify(e, cb) { cb(null, true); }\nverify;', ['x']);
    expect(error?.name).toBe('SyntaxError');
  });

  it('runtime - should pass the script context before the callback when enabled', async () => {
    const c = new Auth0Container({ configuration: {}, scriptContext: { organization: { id: 'org_1' } } });
    const { results } = await c.invoke(
      'function getUser(email, context, callback) { callback(null, context.organization.id); }',
      ['x'],
    );
    expect(results).toEqual(['org_1']);
  });

  it('runtime - should serve allowed modules, exact versions only, and refuse others', async () => {
    const require = limitedRequire(['mysql2']);
    const { createRequire } = await import('node:module');
    const installed = (createRequire(import.meta.url)('mysql2/package.json') as { version: string }).version;
    expect(typeof (require('mysql2') as { createPool: unknown }).createPool).toBe('function');
    expect(typeof (require(`mysql2@${installed}`) as { createPool: unknown }).createPool).toBe('function');
    expect(() => require('mysql2@0.0.1')).toThrow("Cannot find module 'mysql2@0.0.1'");
    expect(() => require('mongodb')).toThrow("Cannot find module 'mongodb'");
    expect(() => require('mysql2/promise')).toThrow('Cannot find module');
    expect(typeof (require('node:crypto') as { createHash: unknown }).createHash).toBe('function');
    // biome-ignore lint/style/useNodejsImportProtocol: Auth0 scripts require built-ins by their bare names
    expect(require('crypto')).toBe(require('node:crypto'));
  });

  it('runtime - ValidationError should carry the shape of Auth0 sandbox errors', () => {
    const error = new ValidationError('user_exists', 'taken');
    expect({ code: error.code, description: error.description, statusCode: error.statusCode }).toEqual({
      code: 'user_exists',
      description: 'taken',
      statusCode: 400,
    });
  });
});
