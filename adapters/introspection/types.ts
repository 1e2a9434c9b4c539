/**
 * The introspection part of an adapter descriptor: what `customdb init` and `customdb doctor` read of a
 * real store (information_schema, sampled documents and their indexes), in terms every adapter shares.
 * Loaded only by the CLI.
 */
import type { StoreConfigBase } from '../../core/config.ts';
import type { Configuration } from '../../core/store.ts';

/** How a column or field compares text, as the server answered a probe comparison. */
export interface Collation {
  name: string;
  ignoresCase: boolean;
  ignoresAccents: boolean;
}

export interface FieldFacts {
  /** The column, or the document path (`emails.$.address` for fields inside an array of sub-documents). */
  name: string;
  /** The database's own type, for people: 'varchar(100)', 'timestamp', 'string'. */
  type: string;
  kind: 'integer' | 'text' | 'boolean' | 'timestamp' | 'json' | 'objectid' | 'other';
  /** Characters it holds at most, where the database declares a bound. */
  maxLength: number | null;
  primaryKey: boolean;
  collation: Collation | null;
}

export interface IndexFacts {
  name: string;
  fields: string[];
  unique: boolean;
}

/** A table or a collection. */
export interface ContainerFacts {
  name: string;
  fields: FieldFacts[];
  indexes: IndexFacts[];
}

/**
 * What identifies a framework's schema, kept beside that framework's preset. Every field must be present
 * in a container whose name fits `container`, and every companion must exist.
 */
export interface PresetSignature {
  preset: string;
  /** The table or collection; `{prefix}` stands for a table prefix, handed to the preset as `prefixOption`. */
  container: string;
  fields: readonly string[];
  companions?: readonly string[];
  prefixOption?: string;
  defaultPrefix?: string;
}

/** A proposed mapping of a container: profile part → its source, as config data. */
export type ProposedFields = Record<string, unknown>;

export interface AdapterIntrospection<Config extends StoreConfigBase = StoreConfigBase> {
  /** Every table or collection of the database the URL names. */
  read(url: string): Promise<ContainerFacts[]>;
  /** The configured table or collection, reached as the scripts reach it; null when it does not exist. */
  readConfigured(config: Config, configuration: Configuration): Promise<ContainerFacts | null>;
  signatures: readonly PresetSignature[];
  /** The `stores.<name>` block for a container: on a recognized preset, or with a proposed mapping. */
  propose(
    url: string,
    container: ContainerFacts,
    choice: { preset: string; options: Record<string, string> } | { fields: ProposedFields },
  ): Record<string, unknown>;
  /** The kit keeps addresses unique itself under this config (a lock, or an index it creates). */
  guardsUniqueness(config: Config): boolean;
}
