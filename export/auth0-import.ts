/**
 * Bulk export of a store to Auth0's user-import format: a stream of users in, JSON files out,
 * each a JSON array under Auth0's per-file size limit. Memory holds one user and one file handle.
 * Users Auth0 cannot import (a hash it cannot verify, reserved metadata keys) are not written to the
 * import files, where they would be lost or clash with lazy migration: they go to a report instead.
 */
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { PasswordConfig } from '../core/config.ts';
import { findBadMetadataKey } from '../core/metadata.ts';
import { type Auth0NameParts, toAuth0NameParts, toUserId } from '../core/profile.ts';
import type { JsonObject, StoredUser } from '../core/store.ts';
import { type Auth0CustomPasswordHash, toAuth0CustomPasswordHash } from '../hashes/index.ts';

/** "The file size limit for a bulk import is 500KB" (Auth0, bulk user import schema and examples). */
export const AUTH0_IMPORT_FILE_LIMIT = 500 * 1000;

/** Keys Auth0 refuses inside an imported user's app_metadata. */
export const RESERVED_APP_METADATA_KEYS = [
  '__tenant',
  '_id',
  'blocked',
  'clientID',
  'created_at',
  'email_verified',
  'email',
  'globalClientID',
  'global_client_id',
  'identities',
  'lastIP',
  'lastLogin',
  'loginsCount',
  'metadata',
  'multifactor_last_modified',
  'multifactor',
  'updated_at',
  'user_id',
] as const;

export interface Auth0ImportUser extends Auth0NameParts {
  email: string;
  email_verified: boolean;
  user_id: string;
  user_metadata?: JsonObject;
  app_metadata?: JsonObject;
  custom_password_hash?: Auth0CustomPasswordHash;
}

export type ExportDecision =
  | { importable: true; user: Auth0ImportUser; withoutPassword: boolean }
  | { importable: false; user_id: string; email: string; reason: string };

/** Pure: one stored user to an import record, or the reason Auth0 could not take it. */
export function toImportUser(
  user: StoredUser,
  userIdPrefix: string,
  passwords: PasswordConfig,
): ExportDecision {
  const userId = toUserId(user.id, userIdPrefix);
  const refuse = (reason: string): ExportDecision => ({
    importable: false,
    user_id: userId,
    email: user.email,
    reason,
  });
  if (!/^[^\s@]+@[^\s@]+$/.test(user.email)) return refuse('the email is not an address Auth0 accepts');
  const record: Auth0ImportUser = {
    email: user.email,
    email_verified: user.emailVerified,
    user_id: userId,
    ...toAuth0NameParts(user),
  };
  for (const [key, metadata] of [
    ['user_metadata', user.userMetadata],
    ['app_metadata', user.appMetadata],
  ] as const) {
    if (metadata === null) continue;
    const bad = findBadMetadataKey(metadata);
    if (bad) return refuse(`${key} key '${bad}' contains '.' or starts with '$'`);
    record[key] = metadata;
  }
  const reserved = RESERVED_APP_METADATA_KEYS.find((key) => user.appMetadata && key in user.appMetadata);
  if (reserved) return refuse(`app_metadata holds '${reserved}', a key Auth0 reserves`);
  if (user.passwordHash === null || user.passwordHash === '') {
    return { importable: true, user: record, withoutPassword: true };
  }
  const format =
    passwords.accept.includes('bcrypt-sha256') && user.passwordHash.startsWith('$2')
      ? 'bcrypt-sha256'
      : undefined;
  const hash = toAuth0CustomPasswordHash(user.passwordHash, {
    salt: user.passwordSalt,
    ...(format ? { format } : {}),
    ...(passwords.saltedDigest ? { saltedDigest: passwords.saltedDigest } : {}),
  });
  if (!hash.importable) return refuse(hash.reason);
  record.custom_password_hash = hash.value;
  return { importable: true, user: record, withoutPassword: false };
}

export interface ExportSummary {
  users: number;
  exported: number;
  withoutPassword: number;
  notImportable: number;
  files: { path: string; users: number; bytes: number }[];
  report: string;
}

export interface ExportOptions {
  users: AsyncIterable<StoredUser>;
  userIdPrefix: string;
  passwords: PasswordConfig;
  outDir: string;
  maxFileBytes?: number;
  onProgress?: (usersSoFar: number) => void;
}

/** Writes with backpressure, so a slow disk slows the reader instead of filling memory. */
async function write(stream: WriteStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

async function finish(stream: WriteStream): Promise<void> {
  await new Promise<void>((resolve, reject) =>
    stream.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
}

export async function exportUsers(options: ExportOptions): Promise<ExportSummary> {
  const limit = options.maxFileBytes ?? AUTH0_IMPORT_FILE_LIMIT;
  await mkdir(options.outDir, { recursive: true });
  const reportPath = join(options.outDir, 'not-importable.jsonl');
  const report = createWriteStream(reportPath);
  const summary: ExportSummary = {
    users: 0,
    exported: 0,
    withoutPassword: 0,
    notImportable: 0,
    files: [],
    report: reportPath,
  };
  let file: { stream: WriteStream; path: string; users: number; bytes: number } | null = null;

  const closeFile = async () => {
    if (!file) return;
    await write(file.stream, '\n]\n');
    file.bytes += 3;
    await finish(file.stream);
    summary.files.push({ path: file.path, users: file.users, bytes: file.bytes });
    file = null;
  };

  try {
    for await (const stored of options.users) {
      summary.users += 1;
      const decision = toImportUser(stored, options.userIdPrefix, options.passwords);
      if (!decision.importable) {
        summary.notImportable += 1;
        const { user_id, email, reason } = decision;
        await write(report, `${JSON.stringify({ user_id, email, reason })}\n`);
      } else {
        const text = JSON.stringify(decision.user);
        const bytes = Buffer.byteLength(text);
        // '[\n' + users joined by ',\n' + '\n]\n'
        if (bytes + 5 > limit)
          throw new Error(`user ${decision.user.user_id} alone is larger than ${limit} bytes`);
        if (file && file.bytes + 2 + bytes + 3 > limit) await closeFile();
        if (!file) {
          const path = join(
            options.outDir,
            `users-${String(summary.files.length + 1).padStart(5, '0')}.json`,
          );
          file = { stream: createWriteStream(path), path, users: 0, bytes: 2 };
          await write(file.stream, '[\n');
        } else {
          await write(file.stream, ',\n');
          file.bytes += 2;
        }
        await write(file.stream, text);
        file.bytes += bytes;
        file.users += 1;
        summary.exported += 1;
        if (decision.withoutPassword) summary.withoutPassword += 1;
      }
      options.onProgress?.(summary.users);
    }
    await closeFile();
  } finally {
    (file as { stream: WriteStream } | null)?.stream.destroy();
    await finish(report);
  }
  return summary;
}
