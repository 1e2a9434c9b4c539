import { KitError } from '../core/errors.ts';
import { type Auth0Profile, toAuth0Profile } from '../core/profile.ts';
import { requireLoginIdentifier, requirePassword } from './lib/input.ts';
import type { ScriptKit } from './lib/kit.ts';
import { checkPassword, newPasswordHash, spendDummyTime } from './lib/passwords.ts';

/** login(userNameOrEmail, password, callback): the profile, or WrongUsernameOrPasswordError. */
export default async function login(
  kit: ScriptKit,
  userNameOrEmail: unknown,
  password: unknown,
): Promise<Auth0Profile> {
  const identifier = requireLoginIdentifier(userNameOrEmail);
  const secret = requirePassword(password);
  const user = await kit.store.findByLogin(identifier);
  if (!user) {
    await spendDummyTime(kit, secret);
    throw new KitError('wrong_credentials', 'wrong email/username or password');
  }
  const result = await checkPassword(kit, user, secret);
  if (!result.match) throw new KitError('wrong_credentials', 'wrong email/username or password');
  // Only after the right password: otherwise anyone could learn which accounts are disabled.
  if (!user.active) throw new KitError('user_blocked', kit.settings.inactiveMessage);

  const { rehashOnLogin } = kit.settings.passwords;
  const rehash = rehashOnLogin && result.needsRehash ? await newPasswordHash(kit, secret) : undefined;
  // Nothing to write on the hot path unless a mark is missing or a rehash is due. The write is best
  // effort: the user proved their password, so a failure is logged and the next login tries again.
  if (rehash !== undefined || user.needsMigrationMark) {
    await kit.store
      .recordMigration(user, {
        ...(rehash !== undefined ? { passwordHash: rehash } : {}),
        migratedAt: new Date(),
      })
      .catch((error: unknown) =>
        kit.log(`customdb: could not record migration of user ${user.id}: ${String(error)}`),
      );
  }
  return toAuth0Profile(user, kit.settings.userIdPrefix);
}
