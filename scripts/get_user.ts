import { type Auth0Profile, toAuth0Profile } from '../core/profile.ts';
import { requireLoginIdentifier } from './lib/input.ts';
import type { ScriptKit } from './lib/kit.ts';

/**
 * getUser(email, callback): the same profile login returns (same user_id), or nothing for
 * "no such user". Import mode depends on the two being identical.
 */
export default async function getUser(kit: ScriptKit, email: unknown): Promise<Auth0Profile | null> {
  const user = await kit.store.findByLogin(requireLoginIdentifier(email));
  // An inactive user is not offered to Auth0: a password reset must not bring a disabled account in.
  return user?.active ? toAuth0Profile(user, kit.settings.userIdPrefix) : null;
}
