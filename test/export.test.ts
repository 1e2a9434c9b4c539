/**
 * Bulk export on every backend: a mixed-format store of 10,000 users, seeded directly, exported
 * through the adapter's stream, and checked file by file against the import schema kept in the repo.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { closeAllClients } from '../adapters/client-cache.ts';
import type { SeedUser } from '../adapters/testing/types.ts';
import type { KitConfig } from '../build/config.ts';
import { openConfiguredStore } from '../cli/export.ts';
import type { JsonObject } from '../core/store.ts';
import {
  AUTH0_IMPORT_FILE_LIMIT,
  type Auth0ImportUser,
  type ExportSummary,
  exportUsers,
} from '../export/auth0-import.ts';
import type { HashFormat, SaltedDigestLayout } from '../hashes/types.ts';
import { storeOf } from './support/backends.ts';
import { describeEachBackend } from './support/harness.ts';
import { HASH_VECTORS, type HashVector } from './vectors/vectors.ts';

const ROOT = inject('root');
const USERS = 10_000;
const LAYOUT: SaltedDigestLayout = { algorithm: 'sha256', saltPosition: 'before', encoding: 'hex' };
const ALL_VECTORS = HASH_VECTORS;
// Meteor hashes look like bcrypt and cannot share a store with plain ones in an export; other
// salted layouts need another config.
// The other formats' conversions are checked one by one in hashes.test.ts.
const EXPORTED: readonly HashFormat[] = [
  'bcrypt',
  'phpass',
  'django-pbkdf2-sha256',
  'django-pbkdf2-sha1',
  'argon2',
  'salted-digest',
];
const VECTORS = ALL_VECTORS.filter(
  (v) =>
    EXPORTED.includes(v.format) &&
    (v.format !== 'salted-digest' || JSON.stringify(v.saltedDigest) === JSON.stringify(LAYOUT)),
);
const EXPECTED_ALGORITHM: Partial<Record<HashFormat, string>> = {
  bcrypt: 'bcrypt',
  'django-pbkdf2-sha256': 'pbkdf2',
  'django-pbkdf2-sha1': 'pbkdf2',
  argon2: 'argon2',
  'salted-digest': 'sha256',
};

interface Refusal {
  metadata: JsonObject;
  reason: RegExp;
}

/**
 * Metadata Auth0 refuses. A server that cannot even store a dotted field name (FerretDB v1, unlike
 * MongoDB 5+ and SQL JSON columns) gets another reserved key as its second case.
 */
function refusals(storesDottedKeys: boolean): [Refusal, Refusal] {
  return [
    { metadata: { email: 'x' }, reason: /app_metadata holds 'email'/ },
    storesDottedKeys
      ? { metadata: { 'a.b': 1 }, reason: /key 'a\.b'/ }
      : { metadata: { loginsCount: 3 }, reason: /app_metadata holds 'loginsCount'/ },
  ];
}

/** User i of the seeded store: every profile part set, a hash of every format, some that Auth0 refuses. */
function seedUser(
  refused: [Refusal, Refusal],
  i: number,
): SeedUser & { vector: HashVector | null; refusal: RegExp | null } {
  const vector = i % 50 === 7 ? null : (VECTORS[i % VECTORS.length] as HashVector);
  const refusedHere = i % 250 === 3 ? refused[0] : i % 250 === 5 ? refused[1] : undefined;
  const refusal = refusedHere?.reason ?? null;
  const appMetadata: JsonObject = refusedHere?.metadata ?? { plan: i % 2 ? 'pro' : 'free', n: i };
  return {
    email: `export-${String(i).padStart(6, '0')}@example.test`,
    passwordHash: vector?.hash ?? null,
    passwordSalt: vector?.salt ?? null,
    emailVerified: i % 3 === 0,
    username: `user_${i}`,
    name: `User ${i}`,
    givenName: `Given${i}`,
    familyName: `Family${i}`,
    nickname: `nick${i}`,
    picture: `https://example.test/${i}.png`,
    userMetadata: { language: i % 2 ? 'en' : 'fr', i },
    appMetadata,
    vector,
    refusal,
  };
}

describeEachBackend('export', (h) => {
  let config: KitConfig;
  let outDir: string;
  let summary: ExportSummary;
  let seeded: ReturnType<typeof seedUser>[] = [];

  beforeAll(async () => {
    const refused = refusals(h().server.storesDottedKeys);
    seeded = Array.from({ length: USERS }, (_, i) => seedUser(refused, i));
    config = h().ownStore('export_users', {
      ...h().config,
      passwords: {
        ...h().config.passwords,
        accept: ['phpass', 'django-pbkdf2-sha256', 'django-pbkdf2-sha1', 'argon2', 'salted-digest'],
        saltedDigest: LAYOUT,
      },
    });
    const store = storeOf(config, h().adapter);
    await h().testing.prepare(h().server, store);
    const probe = h().testing.openProbe(h().server, store);
    try {
      await probe.seedMany(seeded.map(({ vector: _v, refusal: _r, ...user }) => user));
      expect(await probe.total()).toBe(USERS);
    } finally {
      await probe.close();
    }
    outDir = await mkdtemp(join(tmpdir(), 'customdb-export-'));
    const users = await openConfiguredStore(config, h().adapter, h().configuration);
    summary = await exportUsers({
      users: users.streamAll(500),
      userIdPrefix: config.userIdPrefix,
      passwords: config.passwords,
      outDir,
    });
  }, 300_000);

  afterAll(async () => {
    await closeAllClients();
    if (config) await h().testing.drop(h().server, storeOf(config, h().adapter));
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  const readFiles = () =>
    summary.files.map((file) => JSON.parse(readFileSync(file.path, 'utf8')) as Auth0ImportUser[]);
  const readReport = () =>
    readFileSync(summary.report, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { user_id: string; email: string; reason: string });

  it('export - should account for every user exactly once, in the files or in the report', () => {
    const exported = readFiles().flat();
    const reported = readReport();
    expect(summary.users).toBe(USERS);
    expect(exported.length + reported.length).toBe(USERS);
    expect(exported.length).toBe(summary.exported);
    const emails = new Set([...exported.map((u) => u.email), ...reported.map((r) => r.email)]);
    expect(emails.size).toBe(USERS);
    expect(new Set(exported.map((u) => u.user_id)).size).toBe(exported.length);
  });

  it('export - should write files that each satisfy the Auth0 import schema', () => {
    const schema = JSON.parse(readFileSync(join(ROOT, 'export/auth0-user-import.schema.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true, strictTypes: false }).compile(schema);
    for (const [index, users] of readFiles().entries()) {
      const valid = validate(users);
      expect(valid, `file ${index + 1}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(true);
    }
  });

  it('export - should split the files under the per-file size limit', async () => {
    expect(summary.files.length).toBeGreaterThan(2);
    for (const file of summary.files) {
      const { size } = await stat(file.path);
      expect(size).toBe(file.bytes);
      expect(size).toBeLessThanOrEqual(AUTH0_IMPORT_FILE_LIMIT);
    }
    // Files are filled before a new one starts: all but the last are near the limit.
    for (const file of summary.files.slice(0, -1))
      expect(file.bytes).toBeGreaterThan(AUTH0_IMPORT_FILE_LIMIT - 2000);
  });

  it('export - should map every field of every user, with the hash in Auth0 format', () => {
    const byEmail = new Map(
      readFiles()
        .flat()
        .map((user) => [user.email, user]),
    );
    for (const seed of seeded) {
      if (seed.refusal || seed.vector?.format === 'phpass' || seed.vector?.hash.includes('$v=16$')) continue;
      const user = byEmail.get(seed.email);
      expect(user, seed.email).toBeDefined();
      expect(user?.user_id.startsWith(config.userIdPrefix)).toBe(true);
      expect({ ...user, user_id: undefined, custom_password_hash: undefined }).toEqual({
        email: seed.email,
        email_verified: seed.emailVerified,
        user_id: undefined,
        username: seed.username,
        name: seed.name,
        given_name: seed.givenName,
        family_name: seed.familyName,
        nickname: seed.nickname,
        picture: seed.picture,
        user_metadata: seed.userMetadata,
        app_metadata: seed.appMetadata,
        custom_password_hash: undefined,
      });
      if (seed.vector === null) {
        expect(user?.custom_password_hash).toBeUndefined();
        continue;
      }
      expect(user?.custom_password_hash?.algorithm).toBe(EXPECTED_ALGORITHM[seed.vector.format]);
      if (seed.vector.format === 'salted-digest') {
        expect(user?.custom_password_hash?.salt).toEqual({
          value: seed.vector.salt,
          encoding: 'utf8',
          position: 'prefix',
        });
      }
    }
    expect(summary.withoutPassword).toBe(seeded.filter((s) => s.vector === null && !s.refusal).length);
  });

  it('export - should report exactly the users Auth0 cannot import, with the reason', () => {
    const reported = new Map(readReport().map((r) => [r.email, r.reason]));
    const expected = seeded.filter(
      (s) => s.refusal || s.vector?.format === 'phpass' || s.vector?.hash.includes('$v=16$'),
    );
    expect(reported.size).toBe(expected.length);
    for (const seed of expected) {
      const reason = reported.get(seed.email);
      if (seed.refusal) expect(reason).toMatch(seed.refusal);
      else if (seed.vector?.format === 'phpass') expect(reason).toMatch(/phpass/i);
      else expect(reason).toMatch(/v=19/);
    }
  });
});
