import {
  optionalMetadata,
  optionalString,
  requireEmail,
  requireObject,
  requirePassword,
} from './lib/input.ts';
import type { ScriptKit } from './lib/kit.ts';
import { newPasswordHash } from './lib/passwords.ts';
import { fromAuth0NewUser } from './lib/profile.ts';

/**
 * create(user, callback): stores only the fields the kit maps (never tenant, client_id or the
 * plain password). A duplicate is refused by the store's unique index, answered as user_exists.
 */
export default async function create(kit: ScriptKit, user: unknown): Promise<void> {
  const request = requireObject(user, 'user');
  const email = requireEmail(request.email);
  const password = requirePassword(request.password);
  const username = optionalString(request.username, 'username');
  const userMetadata = optionalMetadata(request.user_metadata, 'user_metadata');
  const appMetadata = optionalMetadata(request.app_metadata, 'app_metadata');
  const passwordHash = await newPasswordHash(kit, password);
  await kit.store.insert(
    fromAuth0NewUser(
      {
        email,
        password,
        ...(username !== null ? { username } : {}),
        ...(userMetadata !== null ? { user_metadata: userMetadata } : {}),
        ...(appMetadata !== null ? { app_metadata: appMetadata } : {}),
      },
      passwordHash,
    ),
  );
}
