// Finding open deals by the start of their title, or of account name and title ("Contoso ERP"), for chat commands; the `pipeline.search` view writes the rows.
import { z } from 'zod';
import { encodeKeyPart } from '../../storage/keys';
import { Repository } from '../../storage/repository';
import { keyBucket } from '../../storage/buckets';
import type { LogicalTable } from '../../storage/logical-table';
import type { DealSnapshot } from './deal-snapshot';
import type { OpportunityCard } from './pipeline.service';

const searchRowSchema = z.strictObject({ opportunityId: z.uuid() });

/** Search keys are normalised (width, case, spaces); a key's first three characters name its partition. */
export const searchKey = (text: string) => text.normalize('NFKC').trim().toLowerCase().replace(/\s+/gu, ' ');
const maxKey = 200;

/** The keys an open deal is found by: its title, and its account name followed by its title. */
export function keysOf(snapshot: DealSnapshot | null): string[] {
  if (!snapshot || snapshot.card.status !== 'open') return [];
  const title = searchKey(snapshot.card.title);
  return [...new Set([title, searchKey(`${snapshot.card.accountName} ${snapshot.card.title}`)])].map((key) =>
    [...key].slice(0, maxKey).join(''),
  );
}

export function createOpportunitySearch(tables: LogicalTable) {
  const rows = new Repository(tables, 'opportunity', searchRowSchema);

  return {
    /**
     * Ids of open deals with a key starting with `prefix` (at least three characters: one partition). Shorter
     * prefixes find nothing rather than read many partitions.
     */
    async find(tenantId: string, prefix: string, limit: number): Promise<string[]> {
      const key = searchKey(prefix);
      if ([...key].length < 3) return [];
      const page = await rows.page(tenantId, ['title', keyBucket(key)], {
        rowKeyFrom: encodeKeyPart(key),
        rowKeyBefore: `${encodeKeyPart(key)}\uffff`,
        pageSize: Math.min(limit * 2, 100),
      });
      return [...new Set(page.items.map((item) => item.value.opportunityId))].slice(0, limit);
    },
  };
}

export type OpportunitySearch = ReturnType<typeof createOpportunitySearch>;

/** Cards of found ids, read fresh so the stage and ETag are current; closed deals drop out. */
export async function openCards(ids: string[], read: (id: string) => Promise<OpportunityCard | undefined>): Promise<OpportunityCard[]> {
  const cards = await Promise.all(ids.map(read));
  return cards.filter((card): card is OpportunityCard => card !== undefined && card.status === 'open');
}
