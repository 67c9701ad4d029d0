// The concurrency bench's users, in a worker thread: their requests and checks run beside the server, not on its event loop.
import { parentPort, workerData } from 'node:worker_threads';
import { runUsers, type Tenant, type ThinkTime } from './concurrent-users.load';

const { url, tenant, users, seconds, seed, think } = workerData as {
  url: string;
  tenant: Tenant;
  users: number;
  seconds: number;
  seed: number;
  think: ThinkTime;
};
// `warm` once every user has made each call once, so the bench measures memory and storage from there; then the outcome.
const outcome = await runUsers(url, tenant, users, seconds, seed, think, () => parentPort!.postMessage({ warm: true }));
parentPort!.postMessage({ outcome });
