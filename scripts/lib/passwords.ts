import { KitError } from '../../core/errors.ts';
import type { StoredUser } from '../../core/store.ts';
import { hashPassword, verifyPassword } from '../../hashes/index.ts';
import type { ScriptKit } from './kit.ts';

// A valid bcrypt hash of a random string: comparing against it when the user is unknown makes
// "no such user" take as long as "wrong password", so timing does not reveal who has an account.
const UNKNOWN_USER_HASH = '$2b$10$Bgw38R/Vg2zKU3eqUr1v4OLOStviavbvM/ft1DUWYZ0HZtWXpgh.S';

export async function spendUnknownUserTime(password: string): Promise<void> {
  await verifyPassword(password, UNKNOWN_USER_HASH, { accept: ['bcrypt'] }).catch(() => undefined);
}

export function newPasswordHash(kit: ScriptKit, password: string): Promise<string> {
  return hashPassword(password, kit.settings.passwords.bcryptCost);
}

/**
 * Checks a password against the stored hash in whatever accepted format it is.
 * A hash the connection cannot read is logged with its reason and fails as a fault, not a crash.
 */
export async function checkPassword(kit: ScriptKit, user: StoredUser, password: string) {
  const stored = user.passwordHash;
  if (!stored) return { match: false, needsRehash: false };
  try {
    return await verifyPassword(password, stored, {
      accept: kit.settings.passwords.accept,
      salt: user.passwordSalt,
      // bcrypt below the cost the kit writes counts as weak: rehashOnLogin raises it.
      minBcryptCost: kit.settings.passwords.bcryptCost,
      ...(kit.settings.passwords.saltedDigest ? { saltedDigest: kit.settings.passwords.saltedDigest } : {}),
    });
  } catch (error) {
    if (error instanceof KitError && error.code === 'unknown_hash_format') {
      kit.log(
        `customdb: user ${user.id} has a password hash this connection cannot verify: ${error.message}`,
      );
    }
    throw error;
  }
}
