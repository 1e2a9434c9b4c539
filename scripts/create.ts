import { fromAuth0NewUser } from '../core/profile.ts';
import { requireNewUser } from './lib/input.ts';
import type { ScriptKit } from './lib/kit.ts';
import { newPasswordHash } from './lib/passwords.ts';

/**
 * create(user, callback): stores only the fields the kit maps (never tenant, client_id or the
 * plain password). A duplicate is refused by the store's unique index, answered as user_exists.
 */
export default async function create(kit: ScriptKit, user: unknown): Promise<void> {
  const request = requireNewUser(user);
  const passwordHash = await newPasswordHash(kit, request.password);
  await kit.store.insert(fromAuth0NewUser(request, passwordHash));
}
