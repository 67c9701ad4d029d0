// Writing cases: open one under the next number, apply an action, mark SLA changes; each write is the case, its new timeline lines and its events in one transaction.
import type { Actor } from '../../core/actor';
import type { Clock } from '../../core/clock';
import { AppError, isAppError } from '../../core/errors';
import type { EventOutbox, NewEvent } from '../../core/events';
import { parseWith } from '../../core/validation';
import { pause } from '../../storage/rollup-rows';
import { publishKinds, type KindChange } from '../../storage/kind-transactions';
import type { Stored } from '../../storage/repository';
import type { AccountsService } from '../accounts';
import { applyAction, type NewEntry } from './case-actions';
import type { CaseAccess } from './case-access';
import { caseLabel, caseTypes, caseChannels, type Case, type CaseEntry, type CaseRow } from './case.schema';
import { newCaseSchema, type CaseAction, type NewCase } from './case-request.schema';
import type { CaseSettings, StoredSettings } from './case-settings';
import { caseAddress, casePartition, counterAddress, entryRow, firstCaseNumber, type CaseStore } from './case.store';
import { casesErrors } from './cases.errors';
import type { CasesEvents } from './cases.events';
import { checkedPriority } from './case-actions';
import { withClocks, type SlaChange } from './sla/case-clocks';
import { calendarOf, isKeyAccount, policyFor } from './sla/service-settings';

export interface WriteDeps {
  store: CaseStore;
  settings: CaseSettings;
  access: CaseAccess;
  accounts: AccountsService;
  clock: Clock;
  outbox: EventOutbox<CasesEvents>;
}

/** The ETag clients see: the case's version, which only its own writes raise. */
export const versionTag = (row: Pick<CaseRow, 'version'>): string => `"v${row.version}"`;
export const isCurrent = (stored: Stored<CaseRow>, etag: string) => etag === versionTag(stored.value) || etag === stored.etag;

/** Tries of a write without an ETag that keeps losing races to other writes of the case. */
const maxAttempts = 20;
/** Tenants whose counter a process remembers; past this it starts afresh rather than grow with the number of tenants. */
const maxCounters = 10_000;
/** Row key prefix of the claims that make opening a case from one message or chat turn happen once. */
const onceRow = (key: string) => ['once', key.slice(0, 200)];

const toCase = ({ version: _version, entries: _entries, ...current }: CaseRow): Case => current;

function checkedType(value: string): Case['type'] {
  const type = caseTypes.find((known) => known === value.trim().toLowerCase());
  if (!type) throw casesErrors.fail('CASE_TYPE_UNKNOWN', { value });
  return type;
}

function checkedChannel(value: string): Case['channel'] {
  const channel = caseChannels.find((known) => known === value.trim().toLowerCase());
  if (!channel) throw casesErrors.fail('CASE_CHANNEL_UNKNOWN', { value });
  return channel;
}

export function createCaseWrites(deps: WriteDeps) {
  const { store, settings, access, accounts, clock, outbox } = deps;

  const facts = (row: Case) => ({
    number: row.number,
    title: row.title,
    type: row.type,
    priority: row.priority,
    accountId: row.accountId,
    accountName: row.accountName,
    ...(row.teamId ? { teamId: row.teamId } : {}),
    ...(row.ownerId ? { ownerId: row.ownerId } : {}),
  });

  function slaEvents(row: CaseRow, changes: readonly SlaChange[]): NewEvent[] {
    return changes.map((change) =>
      outbox.event(change.state === 'breached' ? 'case.slaBreached' : 'case.slaAtRisk', String(row.number), row.version, {
        ...facts(row),
        clock: change.clock,
        at: change.at,
        ...(row.due[`${change.clock}DueAt`] ? { dueAt: row.due[`${change.clock}DueAt`] } : {}),
      }),
    );
  }

  const slaEntries = (changes: readonly SlaChange[], now: string): NewEntry[] =>
    changes.map((change) => ({
      kind: 'sla',
      at: now,
      byUserId: 'sla',
      byName: 'SLA',
      detail: { clock: change.clock, state: change.state, at: change.at },
    }));

  /** The case with its new lines numbered after the ones it has. */
  function numbered(row: CaseRow, entries: readonly NewEntry[]): CaseEntry[] {
    return entries.map((entry, i) => ({ ...entry, seq: row.entries + i + 1 }));
  }

  async function write(
    tenantId: string,
    row: CaseRow,
    entries: readonly CaseEntry[],
    events: NewEvent[],
    etag?: string,
  ): Promise<Stored<CaseRow>> {
    const changes: KindChange[] = [
      {
        repository: store.cases,
        change: etag
          ? { kind: 'replace', row: caseAddress(tenantId, row.number).row, value: row, etag }
          : { kind: 'create', row: caseAddress(tenantId, row.number).row, value: row },
      },
      ...entries.map((entry): KindChange => ({
        repository: store.entries,
        change: { kind: 'create', row: entryRow(row.number, entry.seq), value: entry },
      })),
    ];
    const etags = await publishKinds(outbox, tenantId, casePartition(row.number), changes, [
      outbox.event('case.changed', String(row.number), row.version, {}),
      ...events,
    ]);
    return { value: row, etag: [...etags.values()][0] ?? '' };
  }

  /**
   * The counter row as this process last wrote it, per tenant: the next number is tried on it without reading first,
   * and read again only when another process moved it on (the ETag check fails).
   */
  const counters = new Map<string, Stored<{ next: number }>>();

  /** The next number of the tenant, raised with an ETag check: concurrent opens, in any process, each get their own. */
  async function nextNumber(tenantId: string): Promise<number> {
    const address = counterAddress(tenantId);
    for (let attempt = 1; ; attempt += 1) {
      const current = (attempt === 1 ? counters.get(tenantId) : undefined) ?? (await store.counter.get(address));
      const number = current?.value.next ?? firstCaseNumber;
      try {
        const written = current
          ? await store.counter.replace(address, { next: number + 1 }, current.etag)
          : await store.counter.create(address, { next: number + 1 });
        if (counters.size >= maxCounters) counters.clear();
        counters.set(tenantId, written);
        return number;
      } catch (error) {
        counters.delete(tenantId);
        if (!isAppError(error, 'CONFLICT', 'ALREADY_EXISTS') || attempt >= maxAttempts) throw error;
        if (attempt > 1) await pause(attempt);
      }
    }
  }

  /** The number claimed for `once`: a new claim, or the case the same message or turn already opened. */
  async function claimNumber(tenantId: string, once: string | undefined): Promise<{ number: number; existing?: Stored<CaseRow> }> {
    if (!once) return { number: await nextNumber(tenantId) };
    const address = { tenantId, partition: ['settings'], row: onceRow(once) };
    const claimed = await store.counter.get(address);
    if (claimed) return { number: claimed.value.next, existing: await store.cases.get(caseAddress(tenantId, claimed.value.next)) };
    const number = await nextNumber(tenantId);
    try {
      await store.counter.create(address, { next: number });
      return { number };
    } catch (error) {
      if (!isAppError(error, 'ALREADY_EXISTS')) throw error;
      const winner = await store.counter.getOrThrow(address);
      return { number: winner.value.next, existing: await store.cases.get(caseAddress(tenantId, winner.value.next)) };
    }
  }

  async function openCase(actor: Actor, raw: NewCase, options: { once?: string } = {}): Promise<Stored<CaseRow>> {
    const input = parseWith(newCaseSchema, raw);
    const type = checkedType(input.type);
    const priority = checkedPriority(input.priority);
    const channel = checkedChannel(input.channel);
    const [{ value: account }, tenantSettings] = await Promise.all([
      accounts.getAccount(actor.tenantId, input.accountId),
      settings.read(actor.tenantId),
    ]);
    const team = input.teamId ? await access.teamOf(actor.tenantId, input.teamId) : await access.defaultTeam(actor);
    if (input.teamId && !team) throw new AppError('NOT_FOUND', { entity: 'team', id: input.teamId });
    const { number, existing } = await claimNumber(actor.tenantId, options.once);
    if (existing) return existing;
    const now = clock.now();
    const at = now.toISOString();
    const keyAccount = isKeyAccount(account.tags);
    const opened: Case = {
      number,
      title: input.title,
      description: input.description,
      type,
      ...(type === 'after-sales' && input.afterSalesKind ? { afterSalesKind: input.afterSalesKind } : {}),
      channel,
      priority,
      status: 'new',
      accountId: account.id,
      accountName: account.name,
      accountOwnerId: account.ownerId,
      keyAccount,
      contactIds: input.contactIds,
      ...(input.opportunityId ? { opportunityId: input.opportunityId } : {}),
      ...(input.product ? { product: input.product } : {}),
      ...(input.ownerId ? { ownerId: input.ownerId, ownerName: input.ownerId === actor.userId ? actor.displayName : input.ownerId } : {}),
      ...(team ? { teamId: team.id, teamName: team.name } : {}),
      openedBy: actor.userId,
      openedByName: actor.displayName,
      openedAt: at,
      updatedAt: at,
      sla: policyFor(tenantSettings, { type, priority, keyAccount, ...(team ? { teamId: team.id } : {}) }),
      pauses: [],
      marks: {},
      due: {},
      activityIds: [],
      ...(type === 'complaint' ? { complaint: { step: 1, stepAt: at } } : {}),
      ...(options.once ? { sourceMessageId: options.once.slice(0, 200) } : {}),
    };
    const { next } = withClocks(opened, calendarOf(tenantSettings, opened.sla.calendarId), now);
    const row: CaseRow = { ...next, version: 1, entries: 0 };
    const entry: NewEntry = {
      kind: 'opened',
      at,
      byUserId: actor.userId,
      byName: actor.displayName,
      detail: type === 'complaint' ? { step: 1 } : {},
    };
    const entries = numbered(row, [entry]);
    const written = { ...row, entries: entries.length };
    const opening = outbox.event('case.opened', String(number), 1, { ...facts(written), openedBy: actor.userId, at });
    return write(actor.tenantId, written, entries, [opening]);
  }

  /** The case after `action`, its clocks and marks brought up to now, or the reason the action cannot be taken. */
  function acted(actor: Actor, current: CaseRow, action: CaseAction, managesTeam: boolean, tenantSettings: StoredSettings) {
    const now = clock.now();
    const at = now.toISOString();
    const { next, entries } = applyAction(toCase(current), action, {
      actor,
      now: at,
      managesTeam,
      pausedStatuses: tenantSettings.pausedStatuses,
    });
    // A new priority is a new policy; the pauses so far are kept, so paused time still does not count.
    const sla =
      next.priority === current.priority
        ? next.sla
        : policyFor(tenantSettings, { ...next, ...(next.teamId ? { teamId: next.teamId } : {}) });
    const clocked = withClocks({ ...next, sla }, calendarOf(tenantSettings, sla.calendarId), now);
    const row: CaseRow = { ...clocked.next, version: current.version + 1, entries: current.entries };
    const lines = numbered(row, [...entries, ...slaEntries(clocked.changes, at)]);
    return { row: { ...row, entries: current.entries + lines.length }, lines, changes: clocked.changes, at };
  }

  function actionEvents(
    before: CaseRow,
    after: CaseRow,
    action: CaseAction,
    actor: Actor,
    at: string,
    changes: readonly SlaChange[],
  ): NewEvent[] {
    const id = String(after.number);
    const events: NewEvent[] = [];
    if (before.status !== after.status)
      events.push(
        outbox.event('case.statusChanged', id, after.version, {
          ...facts(after),
          fromStatus: before.status,
          toStatus: after.status,
          byUserId: actor.userId,
          at,
        }),
      );
    if (action.action === 'step')
      events.push(
        outbox.event('case.stepCompleted', id, after.version, {
          ...facts(after),
          step: action.step,
          ...(action.step === 6 ? { approved: action.approved === true } : {}),
          byUserId: actor.userId,
          at,
        }),
      );
    return [...events, ...slaEvents(after, changes)];
  }

  async function read(tenantId: string, number: number): Promise<Stored<CaseRow>> {
    const stored = await store.cases.get(caseAddress(tenantId, number));
    if (!stored) throw casesErrors.fail('UNKNOWN_CASE', { number: caseLabel(number) });
    return stored;
  }

  return {
    openCase,
    read,
    toCase,

    /** Applies an action; `conflict` builds the CONFLICT a stale ETag answers with (carrying the fresh case). */
    async act(
      actor: Actor,
      number: number,
      action: CaseAction,
      etag: string | undefined,
      conflict: (current: Stored<CaseRow>) => Promise<AppError>,
    ): Promise<Stored<CaseRow>> {
      for (let attempt = 1; ; attempt += 1) {
        const current = await read(actor.tenantId, number);
        await access.requireView(actor, toCase(current.value));
        if (etag !== undefined && !isCurrent(current, etag)) throw await conflict(current);
        const [managesTeam, tenantSettings] = await Promise.all([access.managesTeam(actor, current.value), settings.read(actor.tenantId)]);
        const { row, lines, changes, at } = acted(actor, current.value, action, managesTeam, tenantSettings);
        try {
          return await write(actor.tenantId, row, lines, actionEvents(current.value, row, action, actor, at, changes), current.etag);
        } catch (error) {
          if (!isAppError(error, 'CONFLICT')) throw error;
          if (etag !== undefined || attempt >= maxAttempts) throw await conflict(await read(actor.tenantId, number));
          await pause(attempt);
        }
      }
    },

    /** Brings one case's marks up to `now` when a clock crossed its warning or due time; false when nothing changed. */
    async mark(tenantId: string, number: number, now: Date): Promise<boolean> {
      for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
        const current = await store.cases.get(caseAddress(tenantId, number));
        if (!current) return false;
        const tenantSettings = await settings.read(tenantId);
        const clocked = withClocks(toCase(current.value), calendarOf(tenantSettings, current.value.sla.calendarId), now);
        if (clocked.changes.length === 0) return false;
        const row: CaseRow = { ...clocked.next, version: current.value.version + 1, entries: current.value.entries };
        const lines = numbered(row, slaEntries(clocked.changes, now.toISOString()));
        const written = { ...row, entries: row.entries + lines.length };
        try {
          await write(tenantId, written, lines, slaEvents(written, clocked.changes), current.etag);
          return true;
        } catch (error) {
          if (!isAppError(error, 'CONFLICT')) throw error;
          await pause(attempt);
        }
      }
      return false;
    },
  };
}

export type CaseWrites = ReturnType<typeof createCaseWrites>;
