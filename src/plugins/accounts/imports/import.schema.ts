// An import of a CSV file as a resource: who started it, how far it got, the lines it refused, and how it ended.
import { z } from 'zod';

export const importStates = ['running', 'finished', 'failed'] as const;
export const importKinds = ['accounts', 'contacts'] as const;
/** Rejected lines an import keeps listed; `rowsRejected` counts them all. */
export const listedRejections = 100;

export const accountImportSchema = z.object({
  id: z.uuid(),
  kind: z.enum(importKinds),
  state: z.enum(importStates),
  startedBy: z.object({ userId: z.string(), displayName: z.string() }),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  /** Renewed while the import runs; a `running` import whose heartbeat is old died with its process. */
  heartbeatAt: z.string(),
  rowsDone: z.number().int().nonnegative(),
  rowsRejected: z.number().int().nonnegative(),
  rejected: z.array(z.object({ line: z.number().int(), code: z.string(), reason: z.string() })).max(listedRejections),
  failure: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type AccountImport = z.infer<typeof accountImportSchema>;
