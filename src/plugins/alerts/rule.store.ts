// The tenant's alert rules and their audit trail 变更记录, in one partition so a rule and the record of its change are written together.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { transactKinds } from '../../storage/kind-transactions';
import type { LogicalTable } from '../../storage/logical-table';
import { Repository, type Stored } from '../../storage/repository';
import { keyPrefixRange as keyPrefix } from '../../storage/keys';
import { ruleChangeSchema, ruleInputSchema, ruleRowSchema, type Rule, type RuleChange, type RuleSettings } from './rule.schema';

/** PK [tenant, 'AlertRules', 'rules']: each rule at RK ['rule', id], each change at RK ['change', id, newest first]. */
const partition = ['rules'];
const ruleRow = (id: string) => ['rule', id];
/** Newest first: milliseconds before the end of time, padded so that keys sort as numbers. */
const newestFirst = (at: string) => String(8_640_000_000_000_000 - Date.parse(at)).padStart(16, '0');
/** A rule's changes, newest first; two in the same millisecond by their version. */
const changeRow = (id: string, at: string, version: number) => ['change', id, newestFirst(at), String(1e9 - version).padStart(10, '0')];

export interface Editor {
  userId: string;
  displayName: string;
}

const toRule = (row: { settings: string } & Omit<Rule, keyof RuleSettings>): Rule => ({
  ...ruleInputSchema.parse(JSON.parse(row.settings)),
  id: row.id,
  version: row.version,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
  updatedBy: row.updatedBy,
  updatedByName: row.updatedByName,
});

const settingsOf = (rule: Rule): RuleSettings => {
  const { id: _id, version: _v, createdAt: _c, updatedAt: _u, updatedBy: _b, updatedByName: _n, ...settings } = rule;
  return settings;
};

export function createRuleStore(table: LogicalTable) {
  const rules = new Repository(table, 'alert rule', ruleRowSchema);
  const changes = new Repository(table, 'alert rule change', ruleChangeSchema);
  const markers = new Repository(table, 'alert rule defaults', z.strictObject({ at: z.string() }));

  const rowOf = (rule: Rule) => ({
    id: rule.id,
    version: rule.version,
    createdAt: rule.createdAt,
    updatedAt: rule.updatedAt,
    updatedBy: rule.updatedBy,
    updatedByName: rule.updatedByName,
    settings: JSON.stringify(settingsOf(rule)),
  });
  const change = (rule: Rule, action: RuleChange['action'], at: string, by: Editor, before?: RuleSettings, after?: RuleSettings) => ({
    repository: changes,
    change: {
      kind: 'create' as const,
      row: changeRow(rule.id, at, action === 'deleted' ? rule.version + 1 : rule.version),
      value: {
        ruleId: rule.id,
        at,
        byUserId: by.userId,
        byName: by.displayName,
        action,
        ...(before ? { before: JSON.stringify(before) } : {}),
        ...(after ? { after: JSON.stringify(after) } : {}),
      },
    },
  });
  const reread = async (tenantId: string, id: string): Promise<Stored<Rule>> => {
    const stored = await rules.getOrThrow({ tenantId, partition, row: ruleRow(id) });
    return { value: toRule(stored.value as never), etag: stored.etag };
  };

  return {
    async list(tenantId: string): Promise<Stored<Rule>[]> {
      const found: Stored<Rule>[] = [];
      let continuationToken: string | undefined;
      do {
        const page = await rules.page(tenantId, partition, { pageSize: 1000, continuationToken, ...keyPrefix(['rule']) });
        found.push(...page.items.map((item) => ({ value: toRule(item.value as never), etag: item.etag })));
        continuationToken = page.continuationToken;
      } while (continuationToken);
      return found;
    },

    async get(tenantId: string, id: string): Promise<Stored<Rule> | undefined> {
      const stored = await rules.get({ tenantId, partition, row: ruleRow(id) });
      return stored && { value: toRule(stored.value as never), etag: stored.etag };
    },

    /** Creates the rule with the record of its creation; a `fixedId` (the tenant's default rules) is created once only. */
    async create(tenantId: string, settings: RuleSettings, by: Editor, at: string, fixedId?: string): Promise<Stored<Rule>> {
      const rule: Rule = {
        ...settings,
        id: fixedId ?? randomUUID(),
        version: 1,
        createdAt: at,
        updatedAt: at,
        updatedBy: by.userId,
        updatedByName: by.displayName,
      };
      await transactKinds(tenantId, partition, [
        { repository: rules, change: { kind: 'create', row: ruleRow(rule.id), value: rowOf(rule) } },
        change(rule, 'created', at, by, undefined, settings),
      ]);
      return reread(tenantId, rule.id);
    },

    /** Replaces the rule if it is still at `etag` (CONFLICT otherwise), with the record of the change. */
    async update(tenantId: string, current: Stored<Rule>, settings: RuleSettings, by: Editor, at: string): Promise<Stored<Rule>> {
      const rule: Rule = {
        ...settings,
        id: current.value.id,
        version: current.value.version + 1,
        createdAt: current.value.createdAt,
        updatedAt: at,
        updatedBy: by.userId,
        updatedByName: by.displayName,
      };
      await transactKinds(tenantId, partition, [
        { repository: rules, change: { kind: 'replace', row: ruleRow(rule.id), value: rowOf(rule), etag: current.etag } },
        change(rule, 'updated', at, by, settingsOf(current.value), settings),
      ]);
      return reread(tenantId, rule.id);
    },

    /** Deletes the rule (the caller read it at `current.etag` just before), with the record of its deletion. */
    async remove(tenantId: string, current: Stored<Rule>, by: Editor, at: string): Promise<void> {
      await transactKinds(tenantId, partition, [
        { repository: rules, change: { kind: 'delete', row: ruleRow(current.value.id) } },
        change(current.value, 'deleted', at, by, settingsOf(current.value)),
      ]);
    },

    /** Whether the tenant's default rules were made (RK ['defaults']). */
    async defaultsMade(tenantId: string): Promise<boolean> {
      return (await markers.get({ tenantId, partition, row: ['defaults'] })) !== undefined;
    },

    async markDefaultsMade(tenantId: string, at: string): Promise<void> {
      await markers.upsert({ tenantId, partition, row: ['defaults'] }, { at });
    },

    /** The rule's changes, newest first. */
    async changes(tenantId: string, id: string, limit: number): Promise<RuleChange[]> {
      const page = await changes.page(tenantId, partition, { pageSize: limit, ...keyPrefix(['change', id]) });
      return page.items.map((item) => item.value);
    },
  };
}

export type RuleStore = ReturnType<typeof createRuleStore>;
