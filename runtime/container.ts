/**
 * A local stand-in for one Auth0 script container: evaluates a built script's text with node:vm
 * the way Auth0's loaders do (as an expression), exposes the globals of the runtime doc, and
 * reports every breach of the contract (no callback, a second callback, a synchronous throw).
 */
import { builtinModules, createRequire } from 'node:module';
import { format } from 'node:util';
import { createContext, Script } from 'node:vm';
import { ADAPTERS } from '../adapters/registry.ts';
import { UnauthorizedError, ValidationError, WrongUsernameOrPasswordError } from './errors.ts';

/** Auth0 recycles a container after about 20 s per call. */
export const AUTH0_TIMEOUT_MS = 20_000;

export interface ContainerOptions {
  /** The connection's settings, as Auth0 hands them to every call. */
  configuration: Readonly<Record<string, string>>;
  timeoutMs?: number;
  /** Set to emulate `enable_script_context`: passed as the argument before the callback. */
  scriptContext?: unknown;
  /**
   * npm modules `require` may load (Auth0's "Can I require" list); Node built-ins are always allowed.
   * Default: every registered adapter's driver.
   */
  allowedModules?: readonly string[];
}

export interface Invocation {
  error: (Error & Record<string, unknown>) | null;
  /** Everything after the error argument of the first callback. */
  results: unknown[];
  /** True when the script never called back within the limit. */
  timedOut: boolean;
  elapsedMs: number;
  logs: string[];
}

const moduleRequire = createRequire(import.meta.url);

/** require() as Auth0 serves it: allowed names only, and `name@x.y.z` only if that exact version is served. */
export function limitedRequire(allowed: readonly string[]) {
  const builtins = new Set(builtinModules);
  return (name: string): unknown => {
    const bare = name.startsWith('node:') ? name.slice(5) : name;
    if (builtins.has(bare)) return moduleRequire(bare);
    const versioned = /^((?:@[^/@]+\/)?[^@]+)@(\d+\.\d+\.\d+)$/.exec(name);
    const pkg = versioned ? (versioned[1] as string) : name;
    if (allowed.includes(pkg)) {
      const served = (moduleRequire(`${pkg}/package.json`) as { version: string }).version;
      if (!versioned || versioned[2] === served) return moduleRequire(pkg);
    }
    const error = new Error(`Cannot find module '${name}'`);
    throw Object.assign(error, { code: 'MODULE_NOT_FOUND' });
  };
}

export class Auth0Container implements AsyncDisposable {
  /** Auth0's `global`: survives between calls while the container lives. */
  readonly global: Record<string, unknown> = {};
  /** Breaches of the callback contract seen so far, across all calls. */
  readonly violations: string[] = [];
  private options: ContainerOptions;
  private readonly require: (name: string) => unknown;

  constructor(options: ContainerOptions) {
    this.options = options;
    // Auth0 serves native bcrypt beside the drivers (runtime doc: "Can I require").
    this.require = limitedRequire(
      options.allowedModules ?? [...ADAPTERS.map((adapter) => adapter.driverPackage), 'bcrypt'],
    );
  }

  /** An admin edited the connection's settings: later calls see the new `configuration`, same `global`. */
  reconfigure(configuration: Readonly<Record<string, string>>): void {
    this.options = { ...this.options, configuration };
  }

  /** Calls the script with `args`; resolves at its first callback (or the time limit). */
  invoke(scriptText: string, args: readonly unknown[], label = 'script'): Promise<Invocation> {
    const logs: string[] = [];
    const log = (...parts: unknown[]) => logs.push(format(...parts));
    const context = createContext({
      configuration: Object.freeze({ ...this.options.configuration }),
      global: this.global,
      require: this.require,
      console: { log, info: log, warn: log, error: log, debug: log },
      WrongUsernameOrPasswordError,
      ValidationError,
      UnauthorizedError,
      Buffer,
      process,
      setTimeout,
      clearTimeout,
      setInterval,
      clearInterval,
      setImmediate,
      clearImmediate,
      queueMicrotask,
      URL,
      URLSearchParams,
      TextEncoder,
      TextDecoder,
      AbortController,
      fetch,
    });
    const started = performance.now();
    const limit = this.options.timeoutMs ?? AUTH0_TIMEOUT_MS;

    return new Promise<Invocation>((resolve) => {
      let calls = 0;
      const finish = (error: unknown, results: unknown[], timedOut = false) => {
        clearTimeout(timer);
        resolve({
          error: (error ?? null) as Invocation['error'],
          results,
          timedOut,
          elapsedMs: performance.now() - started,
          logs,
        });
      };
      const timer = setTimeout(() => {
        this.violations.push(`${label}: no callback within ${limit} ms`);
        finish(new Error(`Script execution time exceeded (${limit} ms)`), [], true);
      }, limit);
      const callback = (error: unknown, ...results: unknown[]) => {
        calls += 1;
        if (calls > 1) {
          this.violations.push(`${label}: callback called ${calls} times`);
          return;
        }
        finish(error, results);
      };
      try {
        // Loaders evaluate the text as an expression, `(<script>)`, then call it.
        const fn = new Script(`(${scriptText}\n)`, { filename: `${label}.js` }).runInContext(context);
        if (typeof fn !== 'function') throw new TypeError('the script does not evaluate to a function');
        const contextArg = this.options.scriptContext === undefined ? [] : [this.options.scriptContext];
        fn(...args, ...contextArg, callback);
      } catch (error) {
        this.violations.push(`${label}: threw synchronously: ${(error as Error).message}`);
        if (calls === 0) finish(error, []);
      }
    });
  }

  /**
   * Ends the container: closes the database clients the kit cached on `global`. Auth0 recycles a
   * container without waiting, so a pool still connecting to a dead server is not waited for long.
   */
  async [Symbol.asyncDispose](): Promise<void> {
    // One client registry per build the container ran (see adapters/client-cache.ts).
    const registries = Object.entries(this.global)
      .filter(([key]) => key.startsWith('__auth0CustomdbKit'))
      .map(([, registry]) => registry as { closeAll?: () => Promise<void> });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const recycled = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, 2000);
    });
    await Promise.race([Promise.allSettled(registries.map((registry) => registry.closeAll?.())), recycled]);
    clearTimeout(timer);
  }
}
