/** The `stores.mongodb` block of the config and its validation (a framework preset laid under it). */
import {
  ConfigError,
  driverName,
  oneOf,
  type PasswordConfigInput,
  record,
  type StoreConfigBase,
  string,
} from '../../core/config.ts';
import {
  type ActivePredicate,
  activePredicate,
  type DefaultValue,
  defaults,
  type FieldMap,
  fieldMap,
  type IdGeneration,
  idGeneration,
  overlayStore,
} from '../../core/mapping.ts';
import { MONGO_PRESETS, type MongoPresetName } from './presets.ts';

export interface MongoStoreConfig extends StoreConfigBase {
  preset?: string;
  /** The name handed to Auth0's require(): 'mongodb', or pinned, 'mongodb@6.3.0'. */
  driver: string;
  database: string;
  collection: string;
  /**
   * Field paths; dotted paths reach into sub-documents. The email may live in an array of sub-documents,
   * `emails.$.address`: lookups match any element, the profile takes the first, and emailVerified then
   * names the same element, `emails.$.verified`.
   */
  fields: FieldMap;
  /**
   * 'exact' (default): candidates by equality, through the index. 'lowercase': every case-variant, by
   * an anchored case-insensitive match (Meteor's findUserByEmail matches case-insensitively too); the
   * kit's exact identity decides among them, and two that normalize alike are refused.
   */
  lookup?: 'exact' | 'lowercase';
  /** Who makes a new user's `_id`: an ObjectId (default) or the kit (a framework's random strings, UUIDs). */
  idGeneration?: IdGeneration;
  active?: ActivePredicate;
  inactiveMessage?: string;
  /** Values create writes at paths the request does not fill (createdAt, ACLs…). */
  defaults?: Record<string, DefaultValue>;
  /** Paths set to the current time by every write (Parse's _updated_at). */
  touch?: string[];
  /**
   * 'create': the first write that relies on uniqueness creates the unique email (and username) index;
   * 'require': it must already exist; 'unchecked': the store has none and the risk is accepted (two
   * concurrent creates may make two users with one address) — see README, "Uniqueness".
   */
  emailIndex: 'create' | 'require' | 'unchecked';
}

/** A MongoDB store block as a user writes it: a preset fills what it leaves out. */
export type MongoStoreInput = Partial<Omit<MongoStoreConfig, 'fields' | 'passwords'>> & {
  driver: string;
  fields?: Partial<FieldMap>;
  passwords?: PasswordConfigInput;
};

const PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.([A-Za-z_][A-Za-z0-9_]*|\$))*$/;
/** The array and element path of `emails.$.address`, or null for a plain path. */
export function arrayPath(path: string): { array: string; element: string } | null {
  const [array, element, ...more] = path.split('.$.');
  if (element === undefined || more.length > 0 || array === undefined) return null;
  return { array, element };
}

function checkArrayPaths(fields: FieldMap, field: string): void {
  const email = arrayPath(fields.email);
  const verified = typeof fields.emailVerified === 'string' ? fields.emailVerified : null;
  for (const [part, value] of Object.entries(fields)) {
    if (typeof value !== 'string' || !value.includes('$')) continue;
    if (part !== 'email' && part !== 'emailVerified') {
      throw new ConfigError(
        `${field}.${part}`,
        "cannot use '$': only email and emailVerified may live in an array",
      );
    }
    if (!arrayPath(value))
      throw new ConfigError(`${field}.${part}`, "must have the form '<array>.$.<field>'");
  }
  const verifiedArray = verified ? arrayPath(verified) : null;
  if (verifiedArray && verifiedArray.array !== email?.array) {
    throw new ConfigError(
      `${field}.emailVerified`,
      `must name an element of the email's array ('${email?.array ?? 'none'}')`,
    );
  }
}

export function validateMongoStore(value: unknown, field: string): MongoStoreConfig {
  const raw = record(value, field);
  const c =
    raw.preset === undefined
      ? raw
      : overlayStore(
          MONGO_PRESETS[
            oneOf(raw.preset, `${field}.preset`, Object.keys(MONGO_PRESETS) as MongoPresetName[])
          ](),
          raw,
          ['fields', 'defaults', 'passwords'],
        );
  const fields = fieldMap(c.fields, `${field}.fields`, { field: PATH, meta: false });
  checkArrayPaths(fields, `${field}.fields`);
  const out: MongoStoreConfig = {
    driver: driverName(c.driver, `${field}.driver`, 'mongodb'),
    database: string(c.database, `${field}.database`, /^[A-Za-z0-9_-]{1,63}$/),
    collection: string(c.collection, `${field}.collection`, /^[A-Za-z_][A-Za-z0-9_.-]{0,119}$/),
    fields,
    emailIndex: oneOf(c.emailIndex ?? 'create', `${field}.emailIndex`, [
      'create',
      'require',
      'unchecked',
    ] as const),
  };
  if (typeof c.preset === 'string') out.preset = c.preset;
  if (c.lookup !== undefined)
    out.lookup = oneOf(c.lookup, `${field}.lookup`, ['exact', 'lowercase'] as const);
  if (c.idGeneration !== undefined) out.idGeneration = idGeneration(c.idGeneration, `${field}.idGeneration`);
  if (c.active !== undefined) out.active = activePredicate(c.active, `${field}.active`, PATH);
  if (c.inactiveMessage !== undefined)
    out.inactiveMessage = string(c.inactiveMessage, `${field}.inactiveMessage`, /^.{1,200}$/);
  if (c.defaults !== undefined) out.defaults = defaults(c.defaults, `${field}.defaults`, PATH);
  if (c.touch !== undefined) {
    if (!Array.isArray(c.touch)) throw new ConfigError(`${field}.touch`, 'must be a list of paths');
    out.touch = c.touch.map((path, i) => string(path, `${field}.touch[${i}]`, PATH));
  }
  // Merged over the top-level policy and validated by build/config.ts.
  if (c.passwords !== undefined) out.passwords = c.passwords as StoreConfigBase['passwords'];
  return out;
}
