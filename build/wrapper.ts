/**
 * Inlined into every bundle: turns an async kit script into Auth0's callback form.
 * It alone knows Auth0's error classes; it calls back exactly once, whatever the script does.
 */

import { isKitError } from '../core/errors.ts';
import type { OpenStore } from '../core/store.ts';
import type { Script, ScriptSettings } from '../scripts/lib/kit.ts';
import type { ScriptName } from './scripts.ts';

type Callback = (error: Error | null, ...results: unknown[]) => void;
type ErrorClass = new (...args: unknown[]) => Error;

/** Auth0's sandbox provides these as globals; a plain Error with a code stands in elsewhere. */
function auth0Error(className: string, code: string, args: unknown[], message: string): Error {
  const provided = sandboxGlobal(className);
  if (typeof provided === 'function') return new (provided as ErrorClass)(...args);
  return Object.assign(new Error(message), { name: className, code });
}

// The error classes are free variables of the script in Auth0's sandbox (globals or scope);
// `typeof` keeps a missing one from throwing.
function sandboxGlobal(className: string): unknown {
  switch (className) {
    case 'WrongUsernameOrPasswordError':
      return typeof WrongUsernameOrPasswordError === 'undefined' ? undefined : WrongUsernameOrPasswordError;
    case 'ValidationError':
      return typeof ValidationError === 'undefined' ? undefined : ValidationError;
    default:
      return undefined;
  }
}

declare const WrongUsernameOrPasswordError: ErrorClass | undefined;
declare const ValidationError: ErrorClass | undefined;

/** Maps a thrown value to what the script's contract answers (runtime doc: "The seven scripts"). */
export function toAuth0Error(name: ScriptName, error: unknown, args: readonly unknown[]): Error {
  const message = error instanceof Error ? error.message : String(error);
  // A truthy identifier is logged as a failed login of that user; anything else as an unknown user.
  const identifier = typeof args[0] === 'string' && args[0] !== '' ? args[0] : null;
  if (name === 'login' && (isKitError(error, 'wrong_credentials') || isKitError(error, 'invalid_input'))) {
    return auth0Error(
      'WrongUsernameOrPasswordError',
      'wrongusernameorpassword',
      [identifier, message],
      message,
    );
  }
  if (name === 'create' && isKitError(error, 'user_exists')) {
    return auth0Error('ValidationError', 'user_exists', ['user_exists', message], message);
  }
  if (name === 'create' && isKitError(error, 'invalid_input')) {
    return auth0Error('ValidationError', 'invalid_input', ['invalid_input', message], message);
  }
  // Anything else is a fault: Auth0 shows a generic error and logs the message.
  return new Error(isKitError(error) ? `${error.code}: ${message}` : message);
}

export function toAuth0Function(
  name: ScriptName,
  paramCount: number,
  script: Script,
  openStore: OpenStore,
  settings: ScriptSettings,
) {
  return (
    configuration: Readonly<Record<string, string>> | undefined,
    received: readonly unknown[],
  ): void => {
    // The callback is always the last argument; with enable_script_context a context precedes it.
    const callback = received[received.length - 1];
    if (typeof callback !== 'function')
      throw new TypeError(`${name}: the last argument must be the callback`);
    const args = received.slice(0, paramCount);
    const context = received.length > paramCount + 1 ? received[received.length - 2] : undefined;
    let answered = false;
    const answer = (error: Error | null, result?: unknown) => {
      if (answered) return;
      answered = true;
      if (error) (callback as Callback)(error);
      else if (result === undefined || result === null) (callback as Callback)(null);
      else (callback as Callback)(null, result);
    };
    const run = async () => {
      const store = openStore(configuration ?? {});
      return script({ store, settings, context, log: (message) => console.log(message) }, ...args);
    };
    run().then(
      (result) => answer(null, result),
      (error: unknown) => answer(toAuth0Error(name, error, args)),
    );
  };
}
