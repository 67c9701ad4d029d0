// The concurrency bench's users, in a worker thread: their requests and checks run beside the server, not on its event loop.
import { TableClient } from '@azure/data-tables';
import { parentPort, workerData } from 'node:worker_threads';
import { runUsers, type Tenant, type ThinkTime } from './concurrent-users.load';

const { url, tenant, users, seconds, seed, think, probe } = workerData as {
  url: string;
  /** The emulator and the entity the probe reads. */
  probe: { connectionString: string; table: string; partitionKey: string; rowKey: string };
  tenant: Tenant;
  users: number;
  seconds: number;
  seed: number;
  think: ThinkTime;
};
const probeTable = TableClient.fromConnectionString(probe.connectionString, probe.table, { allowInsecureConnection: true });
const read = () => probeTable.getEntity(probe.partitionKey, probe.rowKey);
// `warm` once every user has made each call once, so the bench measures memory and storage from there; then the outcome.
const outcome = await runUsers(url, tenant, users, seconds, seed, think, read, () => parentPort!.postMessage({ warm: true }));
parentPort!.postMessage({ outcome });
