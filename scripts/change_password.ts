import { requireEmail, requirePassword } from './lib/input.ts';
import type { ScriptKit } from './lib/kit.ts';
import { newPasswordHash } from './lib/passwords.ts';

/** changePassword(email, newPassword, callback): true when updated, false for an unknown or inactive user. */
export default async function changePassword(
  kit: ScriptKit,
  email: unknown,
  newPassword: unknown,
): Promise<boolean> {
  const address = requireEmail(email);
  const password = requirePassword(newPassword, 'newPassword');
  const user = await kit.store.findByEmail(address);
  if (!user?.active) return false;
  return kit.store.updatePasswordHash(user, await newPasswordHash(kit, password));
}
