import { requireEmail, requirePassword } from './lib/input.ts';
import type { ScriptKit } from './lib/kit.ts';
import { newPasswordHash } from './lib/passwords.ts';

/** changePassword(email, newPassword, callback): true when a user was updated, false for an unknown user. */
export default async function changePassword(
  kit: ScriptKit,
  email: unknown,
  newPassword: unknown,
): Promise<boolean> {
  const address = requireEmail(email);
  const passwordHash = await newPasswordHash(kit, requirePassword(newPassword, 'newPassword'));
  return kit.store.updatePasswordHash(address, passwordHash);
}
