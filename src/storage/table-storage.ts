// Table clients for Azurite, Azure Table storage or Cosmos DB Table API: same SDK, chosen by configuration.
import { TableClient, TableServiceClient, type TableServiceClientOptions } from '@azure/data-tables';
import type { TokenCredential } from '@azure/identity';
import type { StorageMeter } from './storage-meter';
import { toAppError } from './storage-errors';

export type StorageTarget =
  { kind: 'connection-string'; connectionString: string } | { kind: 'account-url'; accountUrl: string; credential: TokenCredential };

export interface TableStorage {
  /** Creates the table if it does not exist yet, then returns its client. */
  openTable(name: string): Promise<TableClient>;
  /** Resolves when the service answers; rejects with STORAGE_UNAVAILABLE otherwise. */
  ping(): Promise<void>;
  /** A client for a table that exists, by its full name (`TableClient.tableName`, prefix included), as a record of it names it. */
  tableClient(fullName: string): TableClient;
}

/** Table names are letters and digits, 3 to 63 long, starting with a letter; the prefix separates deployments. */
export function tableName(prefix: string, name: string): string {
  const full = `${prefix}${name}`;
  if (!/^[A-Za-z][A-Za-z0-9]{2,62}$/.test(full)) throw new Error(`"${full}" is not a valid Azure table name`);
  return full;
}

export interface TableStorageOptions {
  /** Counts every request and entity of the clients made here (storage-meter.ts); none, and they carry no meter at all. */
  meter?: StorageMeter;
}

export function createTableStorage(target: StorageTarget, prefix = '', { meter }: TableStorageOptions = {}): TableStorage {
  const options = (url: string, extra: TableServiceClientOptions = {}): TableServiceClientOptions => ({
    allowInsecureConnection: url.startsWith('http:'),
    ...(meter ? { additionalPolicies: meter.policies } : {}),
    ...extra,
  });
  // Health checks must report an outage at once, not after the SDK's retries with back-off.
  const noRetries = { retryOptions: { maxRetries: 0 } };
  const endpoint =
    target.kind === 'connection-string' ? (target.connectionString.match(/TableEndpoint=([^;]+)/)?.[1] ?? '') : target.accountUrl;
  const probe =
    target.kind === 'connection-string'
      ? TableServiceClient.fromConnectionString(target.connectionString, options(endpoint, noRetries))
      : new TableServiceClient(target.accountUrl, target.credential, options(endpoint, noRetries));
  const client = (table: string) =>
    target.kind === 'connection-string'
      ? TableClient.fromConnectionString(target.connectionString, table, options(endpoint))
      : new TableClient(target.accountUrl, table, target.credential, options(target.accountUrl));

  return {
    async openTable(name) {
      const table = client(tableName(prefix, name));
      try {
        await table.createTable();
      } catch (error) {
        throw toAppError(error, { entity: 'record', id: name });
      }
      return table;
    },
    tableClient: (fullName) => client(tableName('', fullName)),
    async ping() {
      try {
        await probe.listTables().byPage({ maxPageSize: 1 }).next();
      } catch (error) {
        throw toAppError(error, { entity: 'record', id: 'tables' });
      }
    },
  };
}
