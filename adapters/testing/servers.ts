/**
 * Throwaway database servers for the tests, shared by every adapter's testing part: free ports,
 * binaries found on PATH or in Debian's versioned folders, readiness polling, and cleanup that
 * survives a crashed test process.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import type { RunningServer, TestServer } from './types.ts';

/** The repository root: FerretDB is built into `.cache/bin` there. */
export const REPO_ROOT = new URL('../..', import.meta.url).pathname;

/** The tests' own database (or MongoDB database name) on every server. */
export const TEST_DATABASE = 'customdb_test';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export function onPath(command: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, command);
    if (dir && existsSync(candidate)) return candidate;
  }
  return null;
}

/** A binary on PATH, else in the newest of Debian's versioned folders (`/usr/lib/postgresql/<v>/bin`). */
export function findBinary(command: string, versionedRoot?: string): string | null {
  const found = onPath(command);
  if (found || !versionedRoot || !existsSync(versionedRoot)) return found;
  const versions = readdirSync(versionedRoot)
    .filter((name) => /^\d+$/.test(name))
    .sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const candidate = join(versionedRoot, version, 'bin', command);
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

export interface StartedServer {
  child: ChildProcess;
  stop(): Promise<void>;
  log(): string;
}

/**
 * Starts a server process whose output is kept for error messages. If the test process dies first
 * (a crash, a closed pipe), an exit hook still kills it and removes `dir`.
 */
export function startServer(
  command: string,
  args: string[],
  dir: string,
  options: { uid?: number; gid?: number } = {},
): StartedServer {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  const onExit = () => {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const stop = async () => {
    process.removeListener('exit', onExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
  return { child, stop, log: () => output };
}

/** Polls `probe` until it answers, the process exits, or a minute passes. */
export async function waitUntil<T>(what: string, server: StartedServer, probe: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 60_000;
  let last: unknown;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null)
      throw new Error(`${what} exited with ${server.child.exitCode}: ${server.log()}`);
    try {
      return await probe();
    } catch (error) {
      last = error;
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  }
  server.child.kill('SIGKILL');
  throw new Error(`${what} was not ready within 60 s: ${String(last)} ${server.log()}`);
}

export async function dockerAnswers(): Promise<boolean> {
  const socket =
    process.env.DOCKER_HOST ?? (existsSync('/var/run/docker.sock') ? 'unix:///var/run/docker.sock' : '');
  if (!socket) return false;
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await Promise.race([
      getContainerRuntimeClient(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 10_000)),
    ]);
    return true;
  } catch {
    return false;
  }
}

/** A server the environment named: the tests own a database on it but never stop it. */
export function external<T extends object>(server: T): T & AsyncDisposable {
  return { ...server, async [Symbol.asyncDispose]() {} };
}

/** A server some source started: where it listens, how it was started (for labels), how to stop it. */
export interface StartedSource {
  url: string;
  how: string;
  stop(): Promise<unknown>;
}

/** Where an adapter's test servers come from, in the order they are tried. */
export interface ServerSources {
  /** The environment variable naming a server to use instead of starting one. */
  urlVariable: string;
  /** Prepares the tests' own database on a server and describes it. */
  describe(serverUrl: string, how: string): Promise<TestServer>;
  /** testcontainers, when a Docker engine answers. */
  container(): Promise<StartedSource>;
  /** A throwaway local server; fails with what to install when it cannot. */
  local(): Promise<StartedSource>;
}

export async function provisionServer(sources: ServerSources): Promise<RunningServer> {
  const fromEnv = process.env[sources.urlVariable];
  if (fromEnv) return external(await sources.describe(fromEnv, sources.urlVariable));
  const started = (await dockerAnswers()) ? await sources.container() : await sources.local();
  try {
    const described = await sources.describe(started.url, started.how);
    return {
      ...described,
      async [Symbol.asyncDispose]() {
        await started.stop();
      },
    };
  } catch (error) {
    await started.stop();
    throw error;
  }
}

/** A local server process in `dir`, once `ready` answers; stopping it also removes the directory. */
export async function localSource(
  server: StartedServer,
  dir: string,
  where: { url: string; how: string },
  ready: (url: string) => Promise<unknown>,
): Promise<StartedSource> {
  await waitUntil(where.how, server, () => ready(where.url));
  return {
    ...where,
    async stop() {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
