import { requireBoolean, requireEmail } from './lib/input.ts';
import type { ScriptKit } from './lib/kit.ts';

/** changeEmail(email, newEmail, verified, callback): true when updated, false for an unknown user. */
export default async function changeEmail(
  kit: ScriptKit,
  email: unknown,
  newEmail: unknown,
  verified: unknown,
): Promise<boolean> {
  return kit.store.updateEmail(
    requireEmail(email),
    requireEmail(newEmail, 'newEmail'),
    requireBoolean(verified, 'verified'),
  );
}
