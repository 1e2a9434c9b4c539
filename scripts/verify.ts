import { requireEmail } from './lib/input.ts';
import type { ScriptKit } from './lib/kit.ts';

/**
 * verify(email, callback): records email_verified in the store (Auth0 learns it from later
 * profiles). An unknown user answers false, the safe reading of an unconfirmed contract point.
 */
export default async function verify(kit: ScriptKit, email: unknown): Promise<boolean> {
  const user = await kit.store.findByEmail(requireEmail(email));
  return user ? kit.store.markEmailVerified(user) : false;
}
