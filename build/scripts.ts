/**
 * The seven Auth0 database action scripts: the file each is emitted to, the function name of the
 * dashboard template, the parameters before the callback (their count is the arity Auth0 relies on),
 * and which of them (or which of their properties, `param.property`) are secrets that must never appear
 * in an error or a log line.
 */
export const SCRIPTS = {
  login: { functionName: 'login', params: ['userNameOrEmail', 'password'], secretParams: ['password'] },
  create: {
    functionName: 'create',
    params: ['user'],
    secretParams: ['user.password', 'user.user_metadata', 'user.app_metadata'],
  },
  verify: { functionName: 'verify', params: ['email'], secretParams: [] },
  change_password: {
    functionName: 'changePassword',
    params: ['email', 'newPassword'],
    secretParams: ['newPassword'],
  },
  get_user: { functionName: 'getUser', params: ['email'], secretParams: [] },
  delete: { functionName: 'remove', params: ['id'], secretParams: [] },
  change_email: { functionName: 'changeEmail', params: ['email', 'newEmail', 'verified'], secretParams: [] },
} as const satisfies Record<
  string,
  { functionName: string; params: readonly string[]; secretParams: readonly string[] }
>;

export type ScriptName = keyof typeof SCRIPTS;
export const SCRIPT_NAMES = Object.keys(SCRIPTS) as ScriptName[];
