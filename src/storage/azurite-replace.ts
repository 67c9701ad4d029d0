// A correction to the embedded Azurite: replacing an entity (an update, or an upsert of one that exists) changes the
// stored row in place, rather than removing it and inserting it again.
//
// LokiJS removes a row by splicing it out of the collection's arrays and renumbering every position its indexes hold:
// work in proportion to the whole table, for every replace. Azurite replaces that way, so each replace in a table of a
// million rows cost milliseconds, and most of the emulator's time during an import (which confirms every name's claim
// with a replace). Azure's cost of a replace does not grow with the table. The row's keys never change on a replace,
// so the indexes (on PartitionKey and RowKey) stay as they are and only the row's contents are swapped.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const storePath = require.resolve('azurite/dist/src/table/persistence/LokiTableMetadataStore.js');
const errorsPath = require.resolve('azurite/dist/src/table/errors/StorageErrorFactory.js');

/** `LokiTableMetadataStore.prototype.updateTableEntity` as Azurite 3.35.0 ships it (SHA-256 of its source). */
const expectedUpdate = '26ded0e13734a4bb38d38db81f8b8d88a6f280de825818d70cdf8d3b0db5e29d';

interface Entity {
  PartitionKey: string;
  RowKey: string;
  eTag: string;
  lastModifiedTime: string;
  properties: Record<string, unknown>;
  [field: string]: unknown;
}
interface EntityCollection {
  findOne(query: object): Entity | null;
  /** LokiJS saves a collection (with `--location`) when this is set. */
  dirty: boolean;
}
interface TableStore {
  getEntityCollection(account: string, table: string, context: unknown): EntityCollection;
  encodeIfMatch(ifMatch: string | undefined): string | undefined;
  /** Rows as they were before a transaction changed them, put back if it fails. */
  transactionRollbackTheseEntities: Entity[];
}
interface StorageErrors {
  getEntityNotFound(context: unknown): Error;
  getPreconditionFailed(context: unknown): Error;
}

/** LokiJS's own fields on a stored row: its id and metadata, which stay with the row. */
const lokiFields = new Set(['$loki', 'meta']);

/** Makes `stored` hold `next`'s fields, keeping LokiJS's own. */
function replaceContents(stored: Entity, next: Entity): void {
  for (const field of Object.keys(stored)) if (!lokiFields.has(field) && !(field in next)) delete stored[field];
  for (const [field, value] of Object.entries(next)) if (!lokiFields.has(field)) stored[field] = value;
}

/** Installs the correction in the emulator's process; throws, and so stops the emulator from starting, if Azurite is not the code it fits. */
export function fixReplaceInPlace(): void {
  const Store = (require(storePath) as { default: { prototype: Record<string, unknown> } }).default;
  const errors = (require(errorsPath) as { default: StorageErrors }).default;
  const original = Store.prototype.updateTableEntity;
  const found = typeof original === 'function' ? createHash('sha256').update(original.toString()).digest('hex') : 'missing';
  if (found !== expectedUpdate) {
    throw new Error(
      `Azurite's updateTableEntity is not the one src/storage/azurite-replace.ts corrects (source hash ${found}); Azurite was upgraded or changed. Check whether the fix is still needed, and update or remove it.`,
    );
  }
  // The same steps and answers as Azurite's own, but for how the row is swapped.
  Store.prototype.updateTableEntity = async function updateTableEntity(
    this: TableStore,
    context: unknown,
    table: string,
    account: string,
    entity: Entity,
    ifMatch: string | undefined,
    batchId: string | undefined,
  ) {
    const collection = this.getEntityCollection(account, table, context);
    const stored = collection.findOne({ PartitionKey: entity.PartitionKey, RowKey: entity.RowKey });
    if (!stored) throw errors.getEntityNotFound(context);
    // A failed transaction puts back the row as it was: a copy, since the row itself is about to change.
    if (batchId !== '') this.transactionRollbackTheseEntities.push({ ...stored });
    const expected = ifMatch === undefined ? undefined : this.encodeIfMatch(ifMatch);
    if (expected !== undefined && expected !== '*' && expected !== this.encodeIfMatch(stored.eTag)) {
      throw errors.getPreconditionFailed(context);
    }
    entity.properties.Timestamp = entity.lastModifiedTime;
    entity.properties['Timestamp@odata.type'] = 'Edm.DateTime';
    replaceContents(stored, entity);
    collection.dirty = true;
    return stored;
  };
}
