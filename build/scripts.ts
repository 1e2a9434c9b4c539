/**
 * The seven Auth0 database action scripts: the file each is emitted to, the function name of the
 * dashboard template, and the parameters before the callback (their count is the arity Auth0 relies on).
 */
export const SCRIPTS = {
  login: { functionName: 'login', params: ['userNameOrEmail', 'password'] },
  create: { functionName: 'create', params: ['user'] },
  verify: { functionName: 'verify', params: ['email'] },
  change_password: { functionName: 'changePassword', params: ['email', 'newPassword'] },
  get_user: { functionName: 'getUser', params: ['email'] },
  delete: { functionName: 'remove', params: ['id'] },
  change_email: { functionName: 'changeEmail', params: ['email', 'newEmail', 'verified'] },
} as const satisfies Record<string, { functionName: string; params: readonly string[] }>;

export type ScriptName = keyof typeof SCRIPTS;
export const SCRIPT_NAMES = Object.keys(SCRIPTS) as ScriptName[];
