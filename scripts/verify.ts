import { requireEmail } from './lib/input.ts';
import type { ScriptKit } from './lib/kit.ts';

/**
 * verify(email, callback): records email_verified in the store (Auth0 learns it from later
 * profiles). An unknown or inactive user answers false, the safe reading of an unconfirmed contract point.
 * A store that keeps verification as a constant true answers true; one whose constant is false has
 * nowhere to record it and answers an error rather than a true it could not keep.
 */
export default async function verify(kit: ScriptKit, email: unknown): Promise<boolean> {
  const user = await kit.store.findByEmail(requireEmail(email));
  return user?.active ? kit.store.markEmailVerified(user) : false;
}
