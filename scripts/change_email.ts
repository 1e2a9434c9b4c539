import { requireBoolean, requireEmail } from './lib/input.ts';
import type { ScriptKit } from './lib/kit.ts';

/** changeEmail(email, newEmail, verified, callback): true when updated, false for an unknown user. */
export default async function changeEmail(
  kit: ScriptKit,
  email: unknown,
  newEmail: unknown,
  verified: unknown,
): Promise<boolean> {
  const address = requireEmail(email);
  const target = requireEmail(newEmail, 'newEmail');
  const flag = requireBoolean(verified, 'verified');
  const user = await kit.store.findByEmail(address);
  return user ? kit.store.updateEmail(user, target, flag) : false;
}
