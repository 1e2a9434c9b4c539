import { isKitError } from '../../core/errors.ts';
import type { StoredUser } from '../../core/store.ts';
import { bcryptEngineInUse } from '../../hashes/bcrypt.ts';
import { dummyVerify, hashPassword, type VerifyResult, verifyPassword } from '../../hashes/index.ts';
import type { ScriptKit } from './kit.ts';

// Module state lives once per container (the kit keeps one module instance per bundle and container).
let engineAnnounced = false;

/** Says once per container which bcrypt implementation runs: native `bcrypt` or the bundled one. */
function announceEngine(kit: ScriptKit): void {
  const name = engineAnnounced ? null : bcryptEngineInUse();
  if (name === null) return;
  engineAnnounced = true;
  kit.log(`customdb: bcrypt is computed by ${name}`);
}

/** The work of a check in the write format: what no user, no hash or an unusable hash costs. */
export async function spendDummyTime(kit: ScriptKit, password: string): Promise<void> {
  await dummyVerify(password, kit.settings.passwords);
  announceEngine(kit);
}

export async function newPasswordHash(kit: ScriptKit, password: string): Promise<string> {
  const hash = await hashPassword(password, kit.settings.passwords);
  announceEngine(kit);
  return hash;
}

const NO_MATCH = { match: false, needsRehash: false } as const;

/**
 * Checks a password against the stored hash under the store's policy. Every way of not checking it (no
 * hash, an unusable one, one over a cap, one the connection cannot read) costs the same dummy work first.
 * Over a cap or unreadable: logged with the reason and answered as a fault; the others: a wrong password.
 */
export async function checkPassword(
  kit: ScriptKit,
  user: StoredUser,
  password: string,
): Promise<Pick<VerifyResult, 'match' | 'needsRehash'>> {
  const stored = user.passwordHash;
  if (!stored) {
    await spendDummyTime(kit, password);
    return NO_MATCH;
  }
  try {
    const result = await verifyPassword(password, stored, kit.settings.passwords, {
      salt: user.passwordSalt,
    });
    announceEngine(kit);
    return result;
  } catch (error) {
    if (!isKitError(error)) throw error;
    if (error.code === 'unusable_password') {
      await spendDummyTime(kit, password);
      return NO_MATCH;
    }
    if (error.code === 'unknown_hash_format' || error.code === 'hash_over_cap') {
      kit.log(
        `customdb: user ${user.id} has a password hash this connection cannot verify: ${error.message}`,
      );
      await spendDummyTime(kit, password);
    }
    throw error;
  }
}
