/**
 * Kit errors carry a stable string `code` (never match on messages) and keep their `cause`.
 * The build wrapper alone maps them to Auth0's error classes; scripts and adapters only throw these.
 */
export type KitErrorCode =
  /** A request argument is not what the script contract allows (wrong type, empty, an operator object). */
  | 'invalid_input'
  /** Unknown user or wrong password: login answers WrongUsernameOrPasswordError. */
  | 'wrong_credentials'
  /** create: the email or username is already taken (refused by the database's unique index). */
  | 'user_exists'
  /** More than one stored user answers to one email or username: refuse rather than pick one. */
  | 'ambiguous_user'
  /** change_email: the new address belongs to another user. */
  | 'email_taken'
  /** The store could not be reached or answered with an error. */
  | 'store_unavailable'
  /** The stored password hash is in a format this connection is not configured to verify. */
  | 'unknown_hash_format'
  /** The stored hash asks for more work (cost, memory, iterations) than the configured caps allow. */
  | 'hash_over_cap'
  /** The stored value is a deliberately unusable password (Django's `!…`): no password matches it. */
  | 'unusable_password'
  /** The build config or Auth0 `configuration` is missing or malformed. */
  | 'config_invalid'
  /** The call did not finish within its deadline (below Auth0's ~20 s limit). */
  | 'deadline_exceeded'
  /** login: the right password for an account the store marks inactive (UnauthorizedError, shown to the user). */
  | 'user_blocked';

export class KitError extends Error {
  override readonly name = 'KitError';
  readonly code: KitErrorCode;

  constructor(code: KitErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export function isKitError(error: unknown, code?: KitErrorCode): error is KitError {
  return error instanceof KitError && (code === undefined || error.code === code);
}
