// Bulk import of activities (seeding, migrations): the records and references logging them one by one would write, in far fewer requests.
import { z } from 'zod';
import type { Actor } from '../../core/actor';
import type { Clock } from '../../core/clock';
import { forEachLimited } from '../../core/concurrency';
import { isAppError } from '../../core/errors';
import type { EventOutbox } from '../../core/events';
import { validationError } from '../../core/validation';
import { idInBucket, randomBucket } from '../../storage/buckets';
import type { LogicalTable } from '../../storage/logical-table';
import type { AccountsService } from '../accounts';
import type { Activity, NewActivity } from './activity.schema';
import { activityChanged, type ActivityEvents } from './activity.events';
import { assertNotesFit, invalid, logInputSchema } from './activity-input';
import { createActivityStore, refBucketLength, type ActivityRow } from './activity.store';
import { invertedTicksOf, localDateOf } from './activity-time';

export interface ActivityImportDeps {
  /** The activities plugin's record tables (`activityTables` in index.ts): records and references. */
  tables: { records: LogicalTable; refs: LogicalTable };
  accounts: Pick<AccountsService, 'getAccount' | 'getContact'>;
  clock: Clock;
  outbox: EventOutbox<ActivityEvents>;
}

export interface ImportOptions {
  /** Account names by id when the caller has them, saving a point read per account. */
  accountNames?: ReadonlyMap<string, string>;
  /** The account of each contact, by contact id, when the caller has them (it just stored them), saving a point read per contact. */
  contactAccounts?: ReadonlyMap<string, string>;
  /** Accounts written at the same time (default 16). */
  concurrency?: number;
  /** Called after each account's activities are stored, with the count stored so far. */
  onProgress?(stored: number): void;
}

/** Accounts whose activities' references share a bucket, and so one transaction (of 100 at most: ten each). */
const accountsPerRefBucket = 10;
/** Records per transaction, each with its change event: within the 100 operations of one transaction. */
const importChunk = 50;

function groupBy<T>(items: readonly T[], key: (item: T) => string): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return [...groups];
}

/**
 * Imports activities authored by `actor` (source `import`): every input is checked before anything is written; then,
 * per ten accounts, the references in one transaction, and per account the records fifty to a transaction with their
 * change events, which the projector applies to the views in batches. Imports publish no `activity.logged`: they are
 * not news. A failure part-way throws, leaving the chunks written whole, each counted in the views.
 * @example await createActivityImport(deps).importActivities(rep, [{ accountId, type: 'visit', subject: 'Site visit', occurredAt }])
 */
export function createActivityImport({ tables, accounts, clock, outbox }: ActivityImportDeps) {
  const store = createActivityStore(tables);

  async function accountNamesOf(tenantId: string, ids: string[], known: ReadonlyMap<string, string> | undefined, concurrency: number) {
    const names = new Map<string, string>();
    await forEachLimited(ids, concurrency, async (id) => {
      names.set(id, known?.get(id) ?? (await accounts.getAccount(tenantId, id)).value.name);
    });
    return names;
  }

  /** As logActivity checks them: every contact must exist and belong to the activity's account. */
  async function checkContacts(
    tenantId: string,
    records: ActivityRow[],
    concurrency: number,
    known: ReadonlyMap<string, string> | undefined,
  ): Promise<void> {
    const owners = new Map<string, string | undefined>();
    await forEachLimited([...new Set(records.flatMap((row) => row.contactIds))], concurrency, async (contactId) => {
      if (known?.has(contactId)) return void owners.set(contactId, known.get(contactId));
      const contact = await accounts.getContact(tenantId, contactId).catch((error: unknown) => {
        if (isAppError(error, 'NOT_FOUND')) return undefined;
        throw error;
      });
      owners.set(contactId, contact?.value.accountId);
    });
    records.forEach((row, index) => {
      for (const contactId of row.contactIds) {
        if (owners.get(contactId) !== row.accountId)
          throw invalid(`${index}.contactIds`, `contact ${contactId} is not a contact of account ${row.accountId}`);
      }
    });
  }

  return {
    async importActivities(actor: Actor, inputs: readonly NewActivity[], options: ImportOptions = {}): Promise<Activity[]> {
      const { tenantId } = actor;
      const concurrency = options.concurrency ?? 16;
      const fields = inputs.map((input, index) => {
        assertNotesFit(input);
        const parsed = logInputSchema.safeParse(input);
        if (!parsed.success)
          throw validationError(new z.ZodError(parsed.error.issues.map((issue) => ({ ...issue, path: [index, ...issue.path] }))));
        return parsed.data;
      });
      const names = await accountNamesOf(tenantId, [...new Set(fields.map((f) => f.accountId))], options.accountNames, concurrency);
      const now = clock.now().toISOString();
      // Accounts are taken ten at a time, each ten sharing one reference bucket: their references are one transaction.
      const buckets = new Map<string, string>();
      let bucket = '';
      const bucketOf = (accountId: string) => {
        if (!buckets.has(accountId)) {
          if (buckets.size % accountsPerRefBucket === 0) bucket = randomBucket(refBucketLength);
          buckets.set(accountId, bucket);
        }
        return buckets.get(accountId)!;
      };
      const records: ActivityRow[] = fields.map((f) => {
        const activity: Activity = {
          ...f,
          contactIds: [...new Set(f.contactIds)],
          id: idInBucket(bucketOf(f.accountId)),
          authorId: actor.userId,
          authorName: actor.displayName,
          source: 'import',
          createdAt: now,
          updatedAt: now,
        };
        return {
          ...activity,
          accountName: names.get(f.accountId)!,
          localDate: localDateOf(activity.occurredAt, activity.timeZone),
          version: 1,
        };
      });
      await checkContacts(tenantId, records, concurrency, options.contactAccounts);

      let stored = 0;
      const accountGroups = groupBy(records, (row) => row.accountId);
      const chunks = Array.from({ length: Math.ceil(accountGroups.length / accountsPerRefBucket) }, (_, i) =>
        accountGroups.slice(i * accountsPerRefBucket, (i + 1) * accountsPerRefBucket),
      );
      await forEachLimited(chunks, Math.max(1, Math.ceil(concurrency / accountsPerRefBucket)), async (chunk) => {
        // The references first, as logActivity claims them first: a reference without its record reads as not found.
        const rows = chunk.flatMap(([, group]) => group);
        await store.createRefs(
          tenantId,
          bucketOf(rows[0]!.accountId),
          rows.map((row) => ({
            id: row.id,
            ref: {
              accountId: row.accountId,
              ticks: invertedTicksOf(row.occurredAt),
              version: 1,
              occurredAt: row.occurredAt,
              createdAt: now,
            },
          })),
        );
        await Promise.all(
          chunk.map(async ([accountId, group]) => {
            for (let first = 0; first < group.length; first += importChunk) {
              const part = group.slice(first, first + importChunk);
              await store.createRecords(
                tenantId,
                accountId,
                part.map((row) => ({
                  ticks: invertedTicksOf(row.occurredAt),
                  row,
                  events: [activityChanged(outbox, row.id, row.version)],
                })),
                outbox,
              );
              stored += part.length;
            }
            options.onProgress?.(stored);
          }),
        );
      });
      return records.map(({ accountName: _n, localDate: _d, version: _v, ...activity }) => activity);
    },
  };
}

export type ActivityImport = ReturnType<typeof createActivityImport>;
