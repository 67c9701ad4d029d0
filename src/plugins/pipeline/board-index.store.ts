// The board rows (written by the `pipeline.board` view): each open deal in its stage's column, its stage's waiting line and its account's list.
import { z } from 'zod';
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

/** A board row of a deal: its card, with its scopes' values so a page can be filtered to one scope. */
export function boardRowOf(snapshot: DealSnapshot, scopeKeys: ScopeKey[]): IndexRow {
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

  /** A page of one of a stage's partitions holding several owners' deals, in key order: one query per dozen owners, merged. */
  async function pagesOfOwners(
    tenantId: string,
    ownerIds: readonly string[],
    partition: readonly string[],
    keyOf: (card: OpportunityCard) => string[],
    request: { pageSize: number; after?: OpportunityCard },
  ): Promise<OpportunityCard[]> {
    const groups = Array.from({ length: Math.ceil(ownerIds.length / ownersPerQuery) }, (_, i) =>
      ownerIds.slice(i * ownersPerQuery, (i + 1) * ownersPerQuery),
    );
    const after = request.after ? where`RowKey gt ${composeKey(keyOf(request.after))}` : undefined;
    const found = await Promise.all(
      groups.map(async (group) => {
        const cards: { key: string; card: OpportunityCard }[] = [];
        let continuationToken: string | undefined;
        do {
          const owners = anyOf(group.map((ownerId) => where`ownerId eq ${ownerId}`));
          const page = await rows.page(tenantId, partition, {
            pageSize: request.pageSize - cards.length,
            continuationToken,
            where: allOf(owners, after),
          });
          cards.push(...page.items.map((item) => ({ key: composeKey(keyOf(toCard(item.value))), card: toCard(item.value) })));
          continuationToken = page.continuationToken;
        } while (continuationToken && cards.length < request.pageSize);
        return cards;
      }),
    );
    return found
      .flat()
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .slice(0, request.pageSize)
      .map(({ card }) => card);
  }

  return {
    /** The deals of a stage in one scope that entered it first (the stuck lists): the stage's waiting line, filtered. */
    async longestWaiting(tenantId: string, scope: ScopeKey, stageId: string, limit: number): Promise<OpportunityCard[]> {
      const page = await rows.page(tenantId, ['waiting', stageId], { pageSize: limit, where: scopeFilter(scope) });
      return page.items.map((item) => toCard(item.value));
    },

    /** The same for the deals of several owners (the people a manager sees). */
    async longestWaitingOfOwners(
      tenantId: string,
      ownerIds: readonly string[],
      stageId: string,
      limit: number,
    ): Promise<OpportunityCard[]> {
      return pagesOfOwners(tenantId, ownerIds, ['waiting', stageId], (card) => [card.stageEnteredAt, card.id], { pageSize: limit });
    },

    /**
     * A page of a stage's open deals by the date that makes them due: the time they entered it (the waiting line) or
     * their expected close date (the column), from `from` (inclusive) to `before` (exclusive), earliest first.
     */
    async due(
      tenantId: string,
      query: { stageId: string; by: 'entered' | 'close'; from?: string; before: string },
      request: { pageSize: number; continuationToken?: string },
    ): Promise<{ items: OpportunityCard[]; continuationToken?: string }> {
      const partition = query.by === 'entered' ? ['waiting', query.stageId] : partitionOf(query.stageId);
      const page = await rows.page(tenantId, partition, {
        ...request,
        rowKeyBefore: composeKey([query.before]),
        ...(query.from ? { rowKeyFrom: composeKey([query.from]) } : {}),
      });
      return { items: page.items.map((item) => toCard(item.value)), continuationToken: page.continuationToken };
    },

    /** An account's open deals, soonest close first. */
    async ofAccount(tenantId: string, accountId: string, limit: number): Promise<OpportunityCard[]> {
      const page = await rows.page(tenantId, ['account', accountId], { pageSize: limit });
      return page.items.map((item) => toCard(item.value));
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
    pageOfOwners(
      tenantId: string,
      ownerIds: readonly string[],
      stageId: string,
      request: { pageSize: number; after?: OpportunityCard },
    ): Promise<OpportunityCard[]> {
      return pagesOfOwners(tenantId, ownerIds, partitionOf(stageId), rowOf, request);
    },
  };
}

export type BoardIndex = ReturnType<typeof createBoardIndex>;
