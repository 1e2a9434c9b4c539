/**
 * One pass over every user: the password-hash formats stored, and the users Auth0 could not import
 * (duplicate addresses or usernames, invalid addresses, no hash). Addresses appear in the report as
 * examples; hashes never do, only their format names.
 */
import type { Collation } from '../../adapters/introspection/types.ts';
import type { PasswordConfig } from '../../core/config.ts';
import { identifierProblem } from '../../core/identity.ts';
import type { StoredUser } from '../../core/store.ts';
import { identifyHash } from '../../hashes/identify.ts';
import type { Finding } from './report.ts';

const EXAMPLES = 3;
const lower = (value: string) => value.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());

/** What a case- or accent-insensitive collation compares: a collation-blind fold. */
function folded(value: string, collation: Collation): string {
  let out = value;
  if (collation.ignoresAccents) out = out.normalize('NFD').replace(/\p{M}/gu, '');
  return collation.ignoresCase ? out.toLowerCase() : out;
}

/** Groups of more than one distinct value under `key`, with a few examples each. */
function groups(values: Map<string, Set<string>>): string[][] {
  return [...values.values()].filter((set) => set.size > 1).map((set) => [...set]);
}

export interface CensusResult {
  users: number;
  hashes: Record<string, number>;
  unaccepted: string[];
  findings: Finding[];
}

export async function census(
  where: string,
  users: AsyncIterable<StoredUser>,
  passwords: PasswordConfig,
  emailCollation: Collation | null,
  onProgress: (done: number) => void,
): Promise<CensusResult> {
  const hashes: Record<string, number> = {};
  const emails = new Map<string, Set<string>>();
  const usernames = new Map<string, Set<string>>();
  const twins = new Map<string, Set<string>>();
  const invalid: string[] = [];
  let count = 0;
  const add = (map: Map<string, Set<string>>, key: string, value: string) =>
    map.set(key, (map.get(key) ?? new Set()).add(value));
  for await (const user of users) {
    count += 1;
    if (count % 1000 === 0) onProgress(count);
    const format = !user.passwordHash
      ? 'missing'
      : (identifyHash(user.passwordHash) ??
        (passwords.accept.includes('salted-digest') && user.passwordSalt ? 'salted-digest' : 'unrecognized'));
    hashes[format] = (hashes[format] ?? 0) + 1;
    const email = String(user.email);
    if (identifierProblem(email, 'email') !== null || !/^[^\s@]+@[^\s@]+$/.test(email)) invalid.push(email);
    // Two stored values the kit and Auth0 take for one address: each user gets a record id of their own.
    add(emails, lower(email), `${email} (id ${user.id})`);
    if (user.username) add(usernames, lower(user.username), `${user.username} (id ${user.id})`);
    if (emailCollation) add(twins, folded(email, emailCollation), lower(email));
  }
  onProgress(count);
  const accepted = new Set(['bcrypt', ...passwords.accept]);
  const unaccepted = Object.keys(hashes).filter((format) => format !== 'missing' && !accepted.has(format));
  const findings: Finding[] = [];
  const examples = (list: string[][]) =>
    list
      .slice(0, EXAMPLES)
      .map((group) => group.join(' = '))
      .join('; ');
  for (const format of unaccepted) {
    findings.push({
      severity: 'block',
      message: `${where}: ${hashes[format]} users have ${format} password hashes, which passwords.accept does not list: their login fails`,
    });
  }
  if (hashes.missing) {
    findings.push({
      severity: 'block',
      message: `${where}: ${hashes.missing} users have no password hash: Auth0 cannot log them in or import them with a password`,
    });
  }
  for (const [part, map] of [
    ['email', emails],
    ['username', usernames],
  ] as const) {
    const duplicates = groups(map);
    if (duplicates.length > 0) {
      findings.push({
        severity: 'block',
        message: `${where}: ${duplicates.length} ${part}s are held by more than one user (Auth0 keeps one): ${examples(duplicates)}`,
      });
    }
  }
  if (invalid.length > 0) {
    const shown = invalid.slice(0, EXAMPLES).map((email) => JSON.stringify(email));
    findings.push({
      severity: 'block',
      message: `${where}: ${invalid.length} users have an address Auth0 refuses: ${shown.join(', ')}`,
    });
  }
  const equal = groups(twins);
  if (equal.length > 0) {
    findings.push({
      severity: 'warn',
      message: `${where}: ${equal.length} groups of different addresses are equal under ${emailCollation?.name}: ${examples(equal)}`,
    });
  }
  return { users: count, hashes, unaccepted, findings };
}
