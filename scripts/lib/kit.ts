import type { PasswordConfig } from '../../core/config.ts';
import type { UserStore } from '../../core/store.ts';

/** What the build inlines for the scripts: names and policies only, never a secret. */
export interface ScriptSettings {
  userIdPrefix: string;
  passwords: PasswordConfig;
  /** What the login page shows a user whose account the store marks inactive. */
  inactiveMessage: string;
}

/** Everything a script receives besides Auth0's own arguments. */
export interface ScriptKit {
  store: UserStore;
  settings: ScriptSettings;
  /** Auth0's script context (organization) when the connection enables it, else undefined. */
  context: unknown;
  /** Goes to Auth0's real-time logs: never pass a password. */
  log(message: string): void;
}

/** A script: async, over the kit; `undefined`/`null` answers callback(null), anything else callback(null, it). */
export type Script = (kit: ScriptKit, ...args: unknown[]) => Promise<unknown>;
