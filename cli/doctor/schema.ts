/** What the configured table or collection's schema will do in Auth0: uniqueness, collations, lengths. */
import type { ContainerFacts, FieldFacts } from '../../adapters/introspection/types.ts';
import type { FieldMap } from '../../core/config.ts';
import type { Finding } from './report.ts';

/** Auth0's bounds on what the kit stores (README, "Bounded input"); bcrypt hashes are 60 characters. */
export const AUTH0_LENGTHS = { email: 254, username: 128, passwordHash: 60 } as const;

export function plainField(fields: FieldMap, part: keyof typeof AUTH0_LENGTHS): string | null {
  const name = fields[part];
  return typeof name === 'string' ? name : null;
}

export function schemaFindings(
  where: string,
  facts: ContainerFacts,
  fields: FieldMap,
  guardsUniqueness: boolean,
): Finding[] {
  const out: Finding[] = [];
  const field = (name: string): FieldFacts | undefined => facts.fields.find((f) => f.name === name);
  for (const part of ['email', 'username'] as const) {
    const name = plainField(fields, part);
    if (!name) continue;
    const unique = facts.indexes.some((i) => i.unique && i.fields.length === 1 && i.fields[0] === name);
    if (!unique) {
      out.push({
        severity: guardsUniqueness ? 'warn' : 'block',
        message: `${where}: no unique index on ${part} ${name}${
          guardsUniqueness
            ? ': the kit guards uniqueness itself (a lock or the index it creates), but other writers do not'
            : ': the database will not refuse a second user with the same value'
        }`,
      });
    }
    const collation = field(name)?.collation;
    if (collation && (collation.ignoresCase || collation.ignoresAccents)) {
      const ignores = [collation.ignoresCase && 'case', collation.ignoresAccents && 'accents'].filter(
        Boolean,
      );
      out.push({
        severity: 'warn',
        message: `${where}: ${part} ${name} compares under ${collation.name}, which ignores ${ignores.join(
          ' and ',
        )}: different values (jose@ and josé@, Ann and ann) are equal to the database and its unique index`,
      });
    }
  }
  for (const part of Object.keys(AUTH0_LENGTHS) as (keyof typeof AUTH0_LENGTHS)[]) {
    const name = plainField(fields, part);
    const max = name ? field(name)?.maxLength : null;
    if (name && typeof max === 'number' && max < AUTH0_LENGTHS[part]) {
      out.push({
        severity: part === 'passwordHash' ? 'block' : 'warn',
        message: `${where}: ${part} ${name} holds ${max} characters, fewer than the ${AUTH0_LENGTHS[part]} Auth0 allows${
          part === 'passwordHash' ? ' (a bcrypt hash the kit writes would not fit)' : ''
        }`,
      });
    }
  }
  return out;
}
