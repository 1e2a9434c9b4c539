/** The `stores.mongodb` block of the config and its validation. */
import {
  driverName,
  type FieldMap,
  fieldMap,
  oneOf,
  record,
  type StoreConfigBase,
  string,
} from '../../core/config.ts';

export interface MongoStoreConfig extends StoreConfigBase {
  /** The name handed to Auth0's require(): 'mongodb', or pinned, 'mongodb@6.3.0'. */
  driver: string;
  database: string;
  collection: string;
  /** Field paths; dotted paths reach into sub-documents. */
  fields: FieldMap;
  /** 'create': the first call creates the unique email index; 'require': it must already exist. */
  emailIndex: 'create' | 'require';
}

const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

export function validateMongoStore(value: unknown, field: string): MongoStoreConfig {
  const c = record(value, field);
  return {
    driver: driverName(c.driver, `${field}.driver`, 'mongodb'),
    database: string(c.database, `${field}.database`, /^[A-Za-z0-9_-]{1,63}$/),
    collection: string(c.collection, `${field}.collection`, /^[A-Za-z_][A-Za-z0-9_.-]{0,119}$/),
    fields: fieldMap(c.fields, `${field}.fields`, FIELD_PATH),
    emailIndex: oneOf(c.emailIndex, `${field}.emailIndex`, ['create', 'require'] as const),
  };
}
