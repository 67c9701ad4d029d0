// The board index: one row per open deal in its stage's partition, soonest close first, for pages past a column's rollup.
import { z } from 'zod';
import { isAppError } from '../../core/errors';
import { allOf, anyOf, where, type ODataFilter } from '../../storage/filter';
import { composeKey } from '../../storage/keys';
import { Repository, type PageRequest } from '../../storage/repository';
import type { LogicalTable } from '../../storage/logical-table';
import { cardSchema, type DealSnapshot } from './deal-snapshot';
import type { ScopeKey } from './pipeline-scope';
import type { OpportunityCard } from './pipeline.service';

const indexRowSchema = cardSchema.omit({ etag: true }).extend({
  dealEtag: z.string(),
  /** The scope keys of the deal's team, industry and region, so a page can be filtered to one scope. */
  scopeTeam: z.string().optional(),
  scopeIndustry: z.string().optional(),
  scopeRegion: z.string().optional(),
});
type IndexRow = z.infer<typeof indexRowSchema>;

const partitionOf = (stageId: string) => ['column', stageId];
const rowOf = (card: OpportunityCard) => [card.expectedCloseDate, card.id];

function toRow(snapshot: DealSnapshot, scopeKeys: ScopeKey[]): IndexRow {
  const { etag, ...card } = snapshot.card;
  const valueOf = (dimension: string) => scopeKeys.find((key) => key.startsWith(`${dimension}:`))?.slice(dimension.length + 1);
  const row: IndexRow = { ...card, dealEtag: etag };
  const team = valueOf('team');
  const industry = valueOf('industry');
  const region = valueOf('region');
  if (team) row.scopeTeam = team;
  if (industry) row.scopeIndustry = industry;
  if (region) row.scopeRegion = region;
  return row;
}

const toCard = ({ dealEtag, scopeTeam: _t, scopeIndustry: _i, scopeRegion: _r, ...card }: IndexRow): OpportunityCard => ({
  ...card,
  etag: dealEtag,
});

function scopeFilter(scope: ScopeKey): ODataFilter | undefined {
  if (scope === 'all') return undefined;
  const [dimension, ...rest] = scope.split(':');
  const value = rest.join(':');
  if (dimension === 'owner') return where`ownerId eq ${value}`;
  if (dimension === 'team') return where`scopeTeam eq ${value}`;
  if (dimension === 'industry') return where`scopeIndustry eq ${value}`;
  return where`scopeRegion eq ${value}`;
}

/** Owners per query of `pageOfOwners`: Azure allows 15 comparisons in a filter, and partition and row key take 2. */
const ownersPerQuery = 12;

export function createBoardIndex(table: LogicalTable) {
  const rows = new Repository(table, 'opportunity', indexRowSchema);

  return {
    /** Moves a deal's index row from its old place to its new one (or removes it when the deal closed); doing it again changes nothing. */
    async apply(tenantId: string, from: DealSnapshot | null, to: DealSnapshot, toScopes: ScopeKey[]): Promise<void> {
      const old = from?.card.status === 'open' ? { partition: partitionOf(from.card.stageId), row: rowOf(from.card) } : undefined;
      const next = to.card.status === 'open' ? { partition: partitionOf(to.card.stageId), row: rowOf(to.card) } : undefined;
      const samePlace = old && next && composeKey(old.partition) === composeKey(next.partition);
      if (samePlace && composeKey(old.row) === composeKey(next.row)) {
        await rows.upsert({ tenantId, ...next }, toRow(to, toScopes));
        return;
      }
      if (samePlace) {
        await rows
          .transact(tenantId, next.partition, [
            { kind: 'delete', row: old.row },
            { kind: 'upsert', row: next.row, value: toRow(to, toScopes) },
          ])
          .catch(async (error: unknown) => {
            // Applied before (a change completed again): the old row is gone already, and the new one is written alone.
            if (!isAppError(error, 'NOT_FOUND')) throw error;
            await rows.upsert({ tenantId, ...next }, toRow(to, toScopes));
          });
        return;
      }
      await Promise.all([
        next && rows.upsert({ tenantId, ...next }, toRow(to, toScopes)),
        old &&
          rows.delete({ tenantId, ...old }).catch((error: unknown) => {
            if (!isAppError(error, 'NOT_FOUND')) throw error;
          }),
      ]);
    },

    /** Writes the rows of many new deals of one stage (imports): transactions of up to 100 rows. */
    async insertMany(tenantId: string, stageId: string, deals: { snapshot: DealSnapshot; scopes: ScopeKey[] }[]): Promise<void> {
      await rows.transact(
        tenantId,
        partitionOf(stageId),
        deals.map(({ snapshot, scopes }) => ({ kind: 'upsert' as const, row: rowOf(snapshot.card), value: toRow(snapshot, scopes) })),
      );
    },

    /** One page of a column in one scope, soonest close first; `after` continues past a card shown from the rollup. */
    async page(
      tenantId: string,
      scope: ScopeKey,
      stageId: string,
      request: PageRequest & { after?: OpportunityCard },
    ): Promise<{ items: OpportunityCard[]; continuationToken?: string }> {
      const page = await rows.page(tenantId, partitionOf(stageId), {
        pageSize: request.pageSize,
        continuationToken: request.continuationToken,
        where: allOf(scopeFilter(scope), request.after ? where`RowKey gt ${composeKey(rowOf(request.after))}` : undefined) || undefined,
      });
      return { items: page.items.map((item) => toCard(item.value)), continuationToken: page.continuationToken };
    },

    /**
     * A page of a column holding the deals of several owners (the people a manager sees), soonest close first, after
     * `after` when given: one query per dozen owners, merged. Callers continue after the last card.
     */
    async pageOfOwners(
      tenantId: string,
      ownerIds: readonly string[],
      stageId: string,
      request: { pageSize: number; after?: OpportunityCard },
    ): Promise<OpportunityCard[]> {
      const groups = Array.from({ length: Math.ceil(ownerIds.length / ownersPerQuery) }, (_, i) =>
        ownerIds.slice(i * ownersPerQuery, (i + 1) * ownersPerQuery),
      );
      const after = request.after ? where`RowKey gt ${composeKey(rowOf(request.after))}` : undefined;
      const found = await Promise.all(
        groups.map(async (group) => {
          const cards: OpportunityCard[] = [];
          let continuationToken: string | undefined;
          do {
            const owners = anyOf(group.map((ownerId) => where`ownerId eq ${ownerId}`));
            const page = await rows.page(tenantId, partitionOf(stageId), {
              pageSize: request.pageSize - cards.length,
              continuationToken,
              where: allOf(owners, after),
            });
            cards.push(...page.items.map((item) => toCard(item.value)));
            continuationToken = page.continuationToken;
          } while (continuationToken && cards.length < request.pageSize);
          return cards;
        }),
      );
      const key = (card: OpportunityCard) => composeKey(rowOf(card));
      return found
        .flat()
        .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
        .slice(0, request.pageSize);
    },

    /** An account's open deals in the given stages (refilling the account card's list): one filtered read per stage. */
    async ofAccount(tenantId: string, stageIds: readonly string[], accountId: string): Promise<OpportunityCard[]> {
      const pages = await Promise.all(
        stageIds.map(async (stageId) => {
          const cards: OpportunityCard[] = [];
          let continuationToken: string | undefined;
          do {
            const page = await rows.page(tenantId, partitionOf(stageId), {
              pageSize: 1000,
              continuationToken,
              where: where`accountId eq ${accountId}`,
            });
            cards.push(...page.items.map((item) => toCard(item.value)));
            continuationToken = page.continuationToken;
          } while (continuationToken);
          return cards;
        }),
      );
      return pages.flat();
    },

    /** Every open deal of a column in one scope (refilling a column's lists): the index rows of that stage, filtered. */
    async all(tenantId: string, scope: ScopeKey, stageId: string): Promise<OpportunityCard[]> {
      const cards: OpportunityCard[] = [];
      let continuationToken: string | undefined;
      do {
        const page = await rows.page(tenantId, partitionOf(stageId), { pageSize: 1000, continuationToken, where: scopeFilter(scope) });
        cards.push(...page.items.map((item) => toCard(item.value)));
        continuationToken = page.continuationToken;
      } while (continuationToken);
      return cards;
    },
  };
}

export type BoardIndex = ReturnType<typeof createBoardIndex>;
