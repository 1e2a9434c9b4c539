/**
 * Inlined into every bundle: turns an async kit script into Auth0's callback form. It alone knows Auth0's
 * error classes; it calls back exactly once, within the call's deadline, whatever the script and the
 * drivers do; and nothing it hands to Auth0 (error or log line) holds a secret.
 */
import { integerSetting } from '../adapters/client-cache.ts';
import { isKitError, KitError } from '../core/errors.ts';
import { Redactor } from '../core/redact.ts';
import type { Configuration, OpenStore, StoredUser, UserStore } from '../core/store.ts';
import type { Script, ScriptSettings } from '../scripts/lib/kit.ts';
import { SCRIPTS, type ScriptName } from './scripts.ts';

type Callback = (error: Error | null, ...results: unknown[]) => void;
type ErrorClass = new (...args: unknown[]) => Error;

/** Below Auth0's ~20 s, so the answer is ours and not a recycled container. */
export const DEFAULT_DEADLINE_MS = 15_000;
export const MAX_DEADLINE_MS = 19_000;

/** What each call hands the (possibly cached) module: its own sandbox names, never the first call's. */
export interface CallEnvironment {
  configuration?: Configuration | undefined;
  console?: { log(message: string): void } | undefined;
  WrongUsernameOrPasswordError?: ErrorClass | undefined;
  ValidationError?: ErrorClass | undefined;
  UnauthorizedError?: ErrorClass | undefined;
}

type ErrorClassName = 'WrongUsernameOrPasswordError' | 'ValidationError' | 'UnauthorizedError';

/** Auth0's sandbox provides these classes; a plain Error with the same name and code stands in elsewhere. */
function auth0Error(
  env: CallEnvironment,
  className: ErrorClassName,
  code: string,
  args: unknown[],
  message: string,
): Error {
  const provided = env[className];
  if (typeof provided === 'function') return new provided(...args);
  return Object.assign(new Error(message), { name: className, code });
}

/**
 * Maps a thrown value to what the script's contract answers (runtime doc: "The seven scripts").
 * `message` is already redacted; `identifier` is login's first argument when it is a plain string.
 */
export function toAuth0Error(
  env: CallEnvironment,
  name: ScriptName,
  error: unknown,
  message: string,
  identifier: string | null,
): Error {
  if (name === 'login' && (isKitError(error, 'wrong_credentials') || isKitError(error, 'invalid_input'))) {
    // A truthy identifier is logged as a failed login of that user; a malformed one as an unknown user.
    const user = isKitError(error, 'invalid_input') ? null : identifier;
    return auth0Error(
      env,
      'WrongUsernameOrPasswordError',
      'wrongusernameorpassword',
      [user, message],
      message,
    );
  }
  if (name === 'login' && isKitError(error, 'user_blocked')) {
    // Universal Login shows this message to the user.
    return auth0Error(env, 'UnauthorizedError', 'unauthorized', [message], message);
  }
  if (name === 'create' && isKitError(error, 'user_exists')) {
    return auth0Error(env, 'ValidationError', 'user_exists', ['user_exists', message], message);
  }
  if (name === 'create' && isKitError(error, 'invalid_input')) {
    return auth0Error(env, 'ValidationError', 'invalid_input', ['invalid_input', message], message);
  }
  // Anything else is a fault: Auth0 shows a generic error and logs the message.
  return new Error(isKitError(error) ? `${error.code}: ${message}` : message);
}

/** The argument a secret path names: `password`, or a property of one, `user.password` (own properties only). */
function valueAt(args: readonly unknown[], params: readonly string[], path: string): unknown {
  const [param, property] = path.split('.') as [string, string | undefined];
  const value = args[params.indexOf(param)];
  if (property === undefined) return value;
  if (typeof value !== 'object' || value === null || !Object.hasOwn(value, property)) return undefined;
  return (value as Record<string, unknown>)[property];
}

/** Whatever a lookup returns is protected from then on: the stored hash, salt and metadata never leave. */
function protectedStore(store: UserStore, redactor: Redactor): UserStore {
  const protect = (user: StoredUser | null) => {
    if (user) redactor.protect(user.passwordHash, user.passwordSalt, user.userMetadata, user.appMetadata);
    return user;
  };
  return {
    ...store,
    findByLogin: async (identifier) => protect(await store.findByLogin(identifier)),
    findByEmail: async (email) => protect(await store.findByEmail(email)),
  };
}

/**
 * `publicKeys`: the configuration keys the adapter declares non-secret (timeouts, a database name);
 * every other value, declared secret or unknown, is masked wherever it would appear.
 */
export function toAuth0Function(
  name: ScriptName,
  script: Script,
  openStore: OpenStore,
  settings: ScriptSettings,
  publicKeys: readonly string[],
) {
  const { params, secretParams }: { params: readonly string[]; secretParams: readonly string[] } =
    SCRIPTS[name];
  return (env: CallEnvironment, received: readonly unknown[]): void => {
    // The callback is always the last argument; with enable_script_context a context precedes it.
    const callback = received[received.length - 1];
    if (typeof callback !== 'function')
      throw new TypeError(`${name}: the last argument must be the callback`);
    const settingsOf = env.configuration ?? {};
    const args = received.slice(0, params.length);
    const context = received.length > params.length + 1 ? received[received.length - 2] : undefined;

    const redactor = new Redactor();
    redactor.protect(
      Object.entries(settingsOf).flatMap(([key, value]) => (publicKeys.includes(key) ? [] : [value])),
    );
    for (const path of secretParams) redactor.protect(valueAt(args, params, path));
    const identifier = typeof args[0] === 'string' && args[0] !== '' ? redactor.redact(args[0]) : null;

    let answered = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const answer = (error: Error | null, result?: unknown) => {
      if (answered) return;
      answered = true;
      clearTimeout(timer);
      if (error) (callback as Callback)(error);
      else if (result === undefined || result === null) (callback as Callback)(null);
      else (callback as Callback)(null, result);
    };
    const fail = (error: unknown) => {
      const message = redactor.redact(error instanceof Error ? error.message : String(error));
      answer(toAuth0Error(env, name, error, message, identifier));
    };

    let deadline: number;
    try {
      deadline = integerSetting(settingsOf, 'CALL_DEADLINE_MS', DEFAULT_DEADLINE_MS, MAX_DEADLINE_MS);
    } catch (error) {
      fail(error);
      return;
    }
    // A late driver answer after this is dropped by `answer`: Auth0 sees exactly one callback.
    timer = setTimeout(
      () => fail(new KitError('deadline_exceeded', `${name} did not finish within ${deadline} ms`)),
      deadline,
    );
    const run = async () => {
      const store = protectedStore(openStore(settingsOf), redactor);
      const log = (message: string) => (env.console ?? console).log(redactor.redact(message));
      return script({ store, settings, context, log }, ...args);
    };
    run().then((result) => answer(null, result), fail);
  };
}
