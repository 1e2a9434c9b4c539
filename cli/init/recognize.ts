/**
 * Which table or collection holds the users, and how its fields map: a framework signature (data beside
 * the presets) when one fits, else the usual names of each profile part.
 */
import type {
  ContainerFacts,
  FieldFacts,
  PresetSignature,
  ProposedFields,
} from '../../adapters/introspection/types.ts';

export interface Recognized {
  container: ContainerFacts;
  choice: { preset: string; options: Record<string, string> } | { fields: ProposedFields };
}

function prefixOf(signature: PresetSignature, name: string): string | null {
  const [before = '', after = ''] = signature.container.split('{prefix}');
  if (!signature.container.includes('{prefix}')) return name === signature.container ? '' : null;
  const match =
    name.startsWith(before) && name.endsWith(after)
      ? name.slice(before.length, name.length - after.length)
      : null;
  return match !== null && /^[A-Za-z0-9_]*$/.test(match) ? match : null;
}

export function matchSignature(
  containers: readonly ContainerFacts[],
  signature: PresetSignature,
): Recognized | null {
  const names = new Set(containers.map((c) => c.name));
  for (const container of containers) {
    const prefix = prefixOf(signature, container.name);
    if (prefix === null) continue;
    const fields = new Set(container.fields.map((f) => f.name));
    if (!signature.fields.every((field) => fields.has(field))) continue;
    const companions = (signature.companions ?? []).map((c) => c.replace('{prefix}', prefix));
    if (!companions.every((c) => names.has(c))) continue;
    const options: Record<string, string> = {};
    if (signature.prefixOption && prefix !== (signature.defaultPrefix ?? ''))
      options[signature.prefixOption] = prefix;
    return { container, choice: { preset: signature.preset, options } };
  }
  return null;
}

/** Usual names of each part, compared without case, `_` or `.`; the first that a container has wins. */
const USUAL_NAMES: Record<string, readonly string[]> = {
  email: ['email', 'emailaddress', 'useremail', 'mail', 'emails$address'],
  passwordHash: [
    'passwordhash',
    'hashedpassword',
    'encryptedpassword',
    'password',
    'passwd',
    'userpass',
    'pwhash',
  ],
  emailVerified: [
    'emailverified',
    'isemailverified',
    'verified',
    'isverified',
    'emailverifiedat',
    'verifiedat',
    'emails$verified',
  ],
  username: ['username', 'userlogin', 'login', 'handle'],
  name: ['name', 'displayname', 'fullname', 'profilename'],
  givenName: ['givenname', 'firstname'],
  familyName: ['familyname', 'lastname', 'surname'],
  nickname: ['nickname', 'nick'],
  picture: ['picture', 'avatar', 'avatarurl', 'photo', 'image'],
  userMetadata: ['usermetadata'],
  appMetadata: ['appmetadata', 'metadata'],
  passwordSalt: ['passwordsalt', 'salt'],
  migratedAt: ['migratedat'],
};

const squash = (name: string) => name.toLowerCase().replace(/[_.]/g, '');

/** The proposed map of a container's fields: the id is its primary key; a timestamp flag reads as set-or-not. */
export function guessFields(container: ContainerFacts): ProposedFields {
  const used = new Set<string>();
  const take = (candidates: readonly string[]): FieldFacts | undefined => {
    for (const candidate of candidates) {
      const field = container.fields.find((f) => squash(f.name) === candidate && !used.has(f.name));
      if (field) {
        used.add(field.name);
        return field;
      }
    }
    return undefined;
  };
  const id = container.fields.find((f) => f.primaryKey);
  if (id) used.add(id.name);
  const out: ProposedFields = { id: id?.name ?? null };
  for (const [part, candidates] of Object.entries(USUAL_NAMES)) {
    const field = take(candidates);
    if (!field) continue;
    if (part === 'emailVerified' && field.kind === 'timestamp')
      out[part] = { field: field.name, codec: 'timestamp' };
    else out[part] = field.name;
  }
  return out;
}

/** How many profile parts a container's fields cover: the users table covers the most. */
export function score(fields: ProposedFields): number {
  return (fields.email ? 10 : 0) + (fields.passwordHash ? 10 : 0) + Object.keys(fields).length;
}

export function recognize(
  containers: readonly ContainerFacts[],
  signatures: readonly PresetSignature[],
): Recognized | null {
  for (const signature of signatures) {
    const found = matchSignature(containers, signature);
    if (found) return found;
  }
  const ranked = containers
    .map((container) => ({ container, fields: guessFields(container) }))
    .filter(({ fields }) => fields.email)
    .sort(
      (a, b) =>
        score(b.fields) - score(a.fields) ||
        Number(b.container.name === 'users') - Number(a.container.name === 'users'),
    );
  const best = ranked[0];
  return best ? { container: best.container, choice: { fields: best.fields } } : null;
}
