import { requireBoolean, requireEmail } from './lib/input.ts';
import type { ScriptKit } from './lib/kit.ts';

/** changeEmail(email, newEmail, verified, callback): true when updated, false for an unknown or inactive user. */
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
  if (!user?.active) return false;
  if (!kit.store.verificationStored && flag !== user.emailVerified) {
    // Said, not silent: the address changes, the flag cannot (the store keeps it as a constant).
    kit.log(
      `customdb: user ${user.id}'s new address keeps email_verified ${user.emailVerified}: the store cannot record ${flag}`,
    );
  }
  return kit.store.updateEmail(user, target, flag);
}
