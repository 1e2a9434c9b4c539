/**
 * The bundles under Auth0's own Node versions: the bundle-level scenario (test/runtimes/bundle-check.ts)
 * runs in a child process under Node 18 and Node 22 against every server this run started.
 */
import { execFile } from 'node:child_process';
import { describe, expect, inject, it } from 'vitest';
import { AUTH0_NODE_VERSIONS, ensureNode } from './support/node-runtimes.ts';

interface Check {
  node: string;
  adapter: string;
  check: string;
  ok: boolean;
  detail: string;
}

function runChild(node: string): Promise<{ checks: Check[]; code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      node,
      ['--import', 'tsx', 'test/runtimes/bundle-check.ts'],
      {
        cwd: inject('root'),
        timeout: 240_000,
        env: {
          ...process.env,
          CUSTOMDB_SERVERS: JSON.stringify(inject('servers')),
          CUSTOMDB_CONFIG: JSON.stringify(inject('suiteConfig')),
          CUSTOMDB_DIST: inject('distDir'),
        },
      },
      (error, stdout, stderr) => {
        const checks = stdout
          .split('\n')
          .filter((line) => line.startsWith('{'))
          .map((line) => JSON.parse(line) as Check);
        resolve({ checks, code: error ? ((error as { code?: number }).code ?? 1) : 0, stderr });
      },
    );
  });
}

describe('Auth0 runtimes', () => {
  it.each(AUTH0_NODE_VERSIONS)(
    'runtimes - the bundles keep their contract under Node %s',
    async (version) => {
      const node = await ensureNode(version);
      const { checks, code, stderr } = await runChild(node);
      const failures = checks.filter((check) => !check.ok);
      expect(failures, stderr.slice(-2000)).toEqual([]);
      expect(code, stderr.slice(-2000)).toBe(0);
      expect(new Set(checks.map((check) => check.node))).toEqual(new Set([`v${version}`]));
      // Every server of this run was exercised, each through every check.
      for (const server of inject('servers')) {
        expect(checks.filter((check) => check.adapter === server.adapter).length, server.adapter).toBe(12);
      }
    },
    300_000,
  );
});
