// People in storage: each person with their roles, the name index chat uses, and the admin roster, in one partition.
import type { LogicalTable } from '../../storage/logical-table';
import { composeKey } from '../../storage/keys';
import { transactKinds, type KindChange } from '../../storage/kind-transactions';
import { Repository, type Page, type PageRequest, type Stored } from '../../storage/repository';
import { adminRosterSchema, normaliseName, personNameSchema, personSchema, type AdminRoster, type Person } from './people.schema';

/**
 * PK [tenant, 'people']: RK ['person', userId] the person; RK ['name', normalised display name, userId] the name index;
 * RK ['roster', 'admins'] the admins. One partition, so a person and their name row, or a person's roles and the
 * roster, change together in one transaction; a tenant's people are a few thousand at most.
 */
const partition = ['people'];
const personRow = (userId: string) => ['person', userId];
const nameRow = (person: Pick<Person, 'userId' | 'displayName'>) => [
  'name',
  normaliseName(person.displayName) || person.userId.toLowerCase(),
  person.userId,
];
const rosterRow = ['roster', 'admins'];
/** Row keys of one kind sort between `kind|` and `kind}` (`}` follows `|`). */
const kindRange = (kind: string) => ({ rowKeyFrom: `${kind}|`, rowKeyBefore: `${kind}}` });

export function createPersonStore(table: LogicalTable) {
  const people = new Repository(table, 'person', personSchema, ['roles']);
  const names = new Repository(table, 'person', personNameSchema);
  const rosters = new Repository(table, 'person', adminRosterSchema, ['adminIds']);
  const at = (tenantId: string, row: readonly string[]) => ({ tenantId, partition, row });
  const nameChange = (person: Person): KindChange => ({
    repository: names,
    change: { kind: 'upsert', row: nameRow(person), value: { userId: person.userId, displayName: person.displayName } },
  });

  return {
    get: (tenantId: string, userId: string) => people.get(at(tenantId, personRow(userId))),
    roster: (tenantId: string) => rosters.get(at(tenantId, rosterRow)),

    /** Records the tenant's first person as its admin: fails with ALREADY_EXISTS when the roster (or the person) exists. */
    async recordFirst(tenantId: string, person: Person): Promise<void> {
      await transactKinds(tenantId, partition, [
        { repository: rosters, change: { kind: 'create', row: rosterRow, value: { adminIds: [person.userId] } } },
        { repository: people, change: { kind: 'create', row: personRow(person.userId), value: person } },
        nameChange(person),
      ]);
    },

    /** Records a person; ALREADY_EXISTS when they were recorded meanwhile. */
    async record(tenantId: string, person: Person): Promise<void> {
      await transactKinds(tenantId, partition, [
        { repository: people, change: { kind: 'create', row: personRow(person.userId), value: person } },
        nameChange(person),
      ]);
    },

    /** A new display name, with its name row moved; CONFLICT when the person changed since `current` was read. */
    async rename(tenantId: string, current: Stored<Person>, next: Person): Promise<void> {
      const moved = composeKey(nameRow(current.value)) !== composeKey(nameRow(next));
      await transactKinds(tenantId, partition, [
        { repository: people, change: { kind: 'replace', row: personRow(next.userId), value: next, etag: current.etag } },
        ...(moved ? [{ repository: names, change: { kind: 'delete' as const, row: nameRow(current.value) } }] : []),
        nameChange(next),
      ]);
    },

    /** New roles, and the roster when the admin role came or went; CONFLICT when either changed since it was read. */
    async setRoles(
      tenantId: string,
      current: Stored<Person>,
      next: Person,
      roster?: { current?: Stored<AdminRoster>; next: AdminRoster },
    ): Promise<void> {
      const rosterChange = roster?.current
        ? { kind: 'replace' as const, row: rosterRow, value: roster.next, etag: roster.current.etag }
        : roster && { kind: 'create' as const, row: rosterRow, value: roster.next };
      await transactKinds(tenantId, partition, [
        { repository: people, change: { kind: 'replace', row: personRow(next.userId), value: next, etag: current.etag } },
        ...(rosterChange ? [{ repository: rosters, change: rosterChange }] : []),
      ]);
    },

    /** People in user id order, a page at a time. */
    page: (tenantId: string, request: PageRequest): Promise<Page<Person>> =>
      people.page(tenantId, partition, { ...request, ...kindRange('person') }),

    /** People whose normalised display name starts with `prefix` (at most `limit`), for naming them in chat. */
    async named(tenantId: string, prefix: string, limit: number): Promise<{ userId: string; displayName: string }[]> {
      const from = composeKey(['name', normaliseName(prefix)]);
      const page = await names.page(tenantId, partition, { pageSize: limit, rowKeyFrom: from, rowKeyBefore: `${from}\uffff` });
      return page.items.map((item) => item.value);
    },
  };
}

export type PersonStore = ReturnType<typeof createPersonStore>;
