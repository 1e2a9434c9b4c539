/**
 * A SQL server's address from Auth0's `configuration`: one `<PREFIX>_URL`, or its five parts. The SQL
 * adapters read the same shape under their own prefix (`MYSQL_`, `POSTGRES_`).
 */

import type { Configuration } from '../../core/store.ts';
import { integerSetting, requiredSetting } from '../client-cache.ts';
import type { ConfigurationKey } from '../descriptor.ts';

export type ServerAddress =
  | { url: string }
  | { host: string; port: number; user: string; password: string; database: string };

export function serverAddress(
  configuration: Configuration,
  prefix: string,
  defaultPort: number,
): ServerAddress {
  const url = configuration[`${prefix}_URL`];
  if (url) return { url };
  return {
    host: requiredSetting(configuration, `${prefix}_HOST`),
    port: integerSetting(configuration, `${prefix}_PORT`, defaultPort, 65535),
    user: requiredSetting(configuration, `${prefix}_USER`),
    password: configuration[`${prefix}_PASSWORD`] ?? '',
    database: requiredSetting(configuration, `${prefix}_DATABASE`),
  };
}

/** The keys `serverAddress` reads, with canary values for the bundle checks. */
export function serverAddressKeys(
  prefix: string,
  scheme: string,
  defaultPort: number,
): Record<string, ConfigurationKey> {
  const canary = (part: string) => `kit-canary-${prefix.toLowerCase()}-${part}`;
  return {
    [`${prefix}_URL`]: {
      secret: true,
      canary: `${scheme}://${canary('user')}:${canary('Pa55word')}@${prefix.toLowerCase()}.canary.invalid:${defaultPort}/${canary('db')}`,
      description: `${scheme}://user:password@host:${defaultPort}/database; or the five keys below`,
    },
    [`${prefix}_HOST`]: {
      secret: true,
      canary: `${prefix.toLowerCase()}.canary.invalid`,
      description: 'instead of the URL',
    },
    [`${prefix}_PORT`]: { secret: false, canary: '', description: `default ${defaultPort}` },
    [`${prefix}_USER`]: { secret: true, canary: canary('user'), description: 'instead of the URL' },
    [`${prefix}_PASSWORD`]: { secret: true, canary: canary('Pa55word'), description: 'instead of the URL' },
    [`${prefix}_DATABASE`]: { secret: true, canary: canary('db'), description: 'instead of the URL' },
  };
}
