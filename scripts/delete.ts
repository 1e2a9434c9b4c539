import { fromUserId } from '../core/profile.ts';
import { requireUserId } from './lib/input.ts';
import type { ScriptKit } from './lib/kit.ts';

/**
 * remove(id, callback): `id` is the user_id login returned (without 'auth0|'). Deleting a user
 * that does not exist, or an id this connection never issued, is not an error.
 */
export default async function remove(kit: ScriptKit, id: unknown): Promise<void> {
  const storeId = fromUserId(requireUserId(id), kit.settings.userIdPrefix);
  if (storeId !== null) await kit.store.deleteById(storeId);
}
