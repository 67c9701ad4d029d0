// Managing a tenant's alert rules: the catalogue, the rules with their audit trail, the preview of today's matches, the defaults a new tenant starts with, and a sweep on demand.
import { createHash } from 'node:crypto';
import type { Actor } from '../../core/actor';
import type { Clock } from '../../core/clock';
import { AppError, isAppError } from '../../core/errors';
import type { Locale } from '../../core/i18n';
import { TimedCache } from '../../core/timed-cache';
import type { PeopleService } from '../people';
import type { AlertEngine } from './alert-engine';
import type { AlertReading } from './alert-reading';
import type { CatalogueBody, PreviewBody, RuleBody, RuleChangesBody, SweepBody } from './alerts.api-types';
import { alertsErrors } from './alerts.errors';
import type { Condition } from './conditions/condition';
import { previewLine } from './describe';
import type { Finding } from './finding';
import { conditionIds, defaultThresholds, ruleInputSchema, type ConditionId, type Rule, type RuleSettings } from './rule.schema';
import type { Editor, RuleStore } from './rule.store';
import { validateRule, type TenantFacts } from './rule-validation';

/** How long a process reuses a tenant's rules when sweeping and on events; its own changes apply at once. */
const rulesCacheMs = 5_000;
const previewShown = 20;
const system: Editor = { userId: 'system', displayName: 'Guanxi CRM' };

/** The rules every tenant starts with, switched on: the dwell alarm, a missed close date, the SLA breach. */
const defaults: { condition: ConditionId; settings: Omit<RuleSettings, 'condition' | 'thresholds'> & { name: string } }[] = [
  {
    condition: 'deal-stuck',
    settings: {
      name: 'Deals stuck in a stage · 商机阶段滞留超时',
      enabled: true,
      scope: { teamIds: [], ownerIds: [], tier: 'any' },
      recipients: { owner: true, manager: true, channels: [], users: [] },
      cadence: { mode: 'immediate', digestAt: '08:30' },
      capPerDay: 20,
    },
  },
  {
    condition: 'close-date-passed',
    settings: {
      name: 'Missed close dates · 错过预计成交日期',
      enabled: true,
      scope: { teamIds: [], ownerIds: [], tier: 'any' },
      recipients: { owner: true, manager: false, channels: [], users: [] },
      cadence: { mode: 'digest', digestAt: '08:30' },
      capPerDay: 20,
    },
  },
  {
    condition: 'sla-breached',
    settings: {
      name: 'SLA breaches · 服务级别超时',
      enabled: true,
      scope: { teamIds: [], ownerIds: [], tier: 'any' },
      recipients: { owner: true, manager: true, channels: [], users: [] },
      cadence: { mode: 'immediate', digestAt: '08:30' },
      capPerDay: 30,
    },
  },
];

/** The same id for a tenant's default rule in every process, so that it is created once. */
function defaultRuleId(tenantId: string, condition: ConditionId): string {
  const hex = createHash('sha256').update(`${tenantId}|default|${condition}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The stage "closing soon, still early" starts from: the default model's proposal, else the middle open stage. */
function laterStage(model: TenantFacts['model']): string {
  const open = model.stages.filter((stage) => stage.kind === 'open' && !stage.retired);
  return (
    open.find((stage) => stage.id === defaultThresholds['close-soon-early-stage'].beforeStageId)?.id ??
    open[Math.floor(open.length / 2)]?.id ??
    ''
  );
}

const canManage = (actor: Actor) => actor.roles.includes('manager') || actor.roles.includes('admin');
const requireManager = (actor: Actor) => {
  if (!canManage(actor)) throw alertsErrors.fail('RULES_MANAGER_ONLY');
};
const settingsOf = ({
  id: _i,
  version: _v,
  createdAt: _c,
  updatedAt: _u,
  updatedBy: _b,
  updatedByName: _n,
  ...settings
}: Rule): RuleSettings => settings as RuleSettings;

export interface RulesDeps {
  store: RuleStore;
  conditions: ReadonlyMap<ConditionId, Condition>;
  people: PeopleService;
  reading: AlertReading;
  engine: () => AlertEngine;
  clock: Clock;
  link(finding: Finding): string;
  /** Whether the app is installed in a Teams team, so a rule may send to its channels. */
  reachesTeam(tenantId: string, teamId: string): Promise<boolean>;
}

export function createRulesService(deps: RulesDeps) {
  const { store, conditions, people, reading, clock } = deps;
  const enabled = new TimedCache<Promise<Rule[]>>(rulesCacheMs, () => clock.now().getTime());
  const at = () => clock.now().toISOString();

  async function tenantFacts(tenantId: string): Promise<TenantFacts> {
    const [model, teams] = await Promise.all([reading.stageModel(tenantId), people.teamsOf(tenantId)]);
    const ids = [...new Set(teams.flatMap((team) => [...team.memberIds, ...(team.managerId ? [team.managerId] : [])]))];
    return { model, teams: teams.map(({ id, name }) => ({ id, name })), people: await people.teamNames(tenantId, ids) };
  }

  /** The rule as sent, checked against the schema and the tenant: its stages, teams, people and channels. */
  async function checked(tenantId: string, input: unknown, locale: Locale): Promise<RuleSettings> {
    const settings = validateRule(input, conditions, await tenantFacts(tenantId), locale);
    for (const channel of settings.recipients.channels)
      if (!(await deps.reachesTeam(tenantId, channel.teamId)))
        throw alertsErrors.fail('CHANNEL_NOT_REACHED', { channel: channel.name ?? channel.channelId });
    return settings;
  }

  async function found(tenantId: string, id: string) {
    const stored = await store.get(tenantId, id);
    if (!stored) throw alertsErrors.fail('UNKNOWN_RULE');
    return stored;
  }
  const body = ({ value, etag }: { value: Rule; etag: string }): RuleBody => ({ ...value, etag });

  /** The tenant's default rules, once: a marker row says they were made, so a rule a manager deleted stays deleted. */
  async function ensureDefaults(tenantId: string): Promise<void> {
    if (await store.defaultsMade(tenantId)) return;
    for (const { condition, settings } of defaults) {
      const rule = ruleInputSchema.parse({ ...settings, condition, thresholds: defaultThresholds[condition] });
      try {
        await store.create(tenantId, rule, system, at(), defaultRuleId(tenantId, condition));
      } catch (error) {
        if (!isAppError(error, 'ALREADY_EXISTS')) throw error;
      }
    }
    await store.markDefaultsMade(tenantId, at());
    enabled.forget(tenantId);
  }

  return {
    ensureDefaults,

    async enabledRules(tenantId: string): Promise<Rule[]> {
      const known = enabled.get(tenantId);
      if (known) return known;
      const read = store.list(tenantId).then((all) => all.map((stored) => stored.value).filter((rule) => rule.enabled));
      read.catch(() => enabled.forget(tenantId));
      enabled.set(tenantId, read);
      return read;
    },

    async rule(tenantId: string, id: string): Promise<Rule | undefined> {
      return (await store.get(tenantId, id))?.value;
    },

    /** The tenant's rules, its defaults made first if this is its first look at them. */
    async list(actor: Actor): Promise<RuleBody[]> {
      await ensureDefaults(actor.tenantId);
      const all = await store.list(actor.tenantId);
      return all
        .map(body)
        .sort((a, b) => conditionIds.indexOf(a.condition) - conditionIds.indexOf(b.condition) || a.name.localeCompare(b.name));
    },

    get: async (actor: Actor, id: string): Promise<RuleBody> => body(await found(actor.tenantId, id)),

    async create(actor: Actor, input: unknown, locale: Locale): Promise<RuleBody> {
      requireManager(actor);
      const settings = await checked(actor.tenantId, input, locale);
      const created = await store.create(actor.tenantId, settings, actor, at());
      enabled.forget(actor.tenantId);
      return body(created);
    },

    async update(actor: Actor, id: string, input: unknown, etag: string, locale: Locale): Promise<RuleBody> {
      requireManager(actor);
      const settings = await checked(actor.tenantId, input, locale);
      const current = await found(actor.tenantId, id);
      // A save that changes nothing writes nothing, so the history holds only real changes.
      if (current.etag === etag && JSON.stringify(settingsOf(current.value)) === JSON.stringify(settings)) return body(current);
      const updated = await store.update(actor.tenantId, { value: current.value, etag }, settings, actor, at());
      enabled.forget(actor.tenantId);
      return body(updated);
    },

    async remove(actor: Actor, id: string, etag: string): Promise<void> {
      requireManager(actor);
      const current = await found(actor.tenantId, id);
      if (current.etag !== etag) throw new AppError('CONFLICT', { entity: 'alert rule' });
      await store.remove(actor.tenantId, current, actor, at());
      enabled.forget(actor.tenantId);
    },

    async changes(actor: Actor, id: string): Promise<RuleChangesBody> {
      const parse = (json: string | undefined) => (json === undefined ? undefined : ruleInputSchema.parse(JSON.parse(json)));
      const items = (await store.changes(actor.tenantId, id, 100)).map((change) => ({
        at: change.at,
        byUserId: change.byUserId,
        byName: change.byName,
        action: change.action,
        ...(change.before ? { before: parse(change.before) } : {}),
        ...(change.after ? { after: parse(change.after) } : {}),
      }));
      return { items };
    },

    async catalogue(actor: Actor, locale: Locale): Promise<CatalogueBody> {
      const facts = await tenantFacts(actor.tenantId);
      const { t } = await reading.reading(actor.tenantId, { locale, timeZone: 'UTC' });
      return {
        conditions: conditionIds.map((id) => {
          const condition = conditions.get(id)!;
          return {
            id,
            subject: condition.subject,
            name: t(`alerts.condition.${id}.name`),
            description: t(`alerts.condition.${id}.description`),
            fields: condition.fields.map((field) => ({ ...field, label: t(`alerts.field.${id}.${field.name}`) })),
            defaults:
              id === 'close-soon-early-stage'
                ? { ...defaultThresholds[id], beforeStageId: laterStage(facts.model) }
                : defaultThresholds[id],
            onEvents: true,
          };
        }),
        stages: facts.model.stages
          .filter((stage) => stage.kind === 'open' && !stage.retired)
          .map((stage) => ({ id: stage.id, name: stage.name[locale] })),
        teams: facts.teams,
        people: [...facts.people].map(([userId, name]) => ({ userId, name })).sort((a, b) => a.name.localeCompare(b.name)),
        reportingCurrency: facts.model.reportingCurrency,
      };
    },

    async preview(actor: Actor, input: unknown, locale: Locale, timeZone: string | undefined): Promise<PreviewBody> {
      requireManager(actor);
      const settings = await checked(actor.tenantId, input, locale);
      const zone = timeZone ?? reading.tenantZone(actor.tenantId);
      const rule: Rule = {
        ...settings,
        id: defaultRuleId(actor.tenantId, settings.condition),
        version: 1,
        createdAt: at(),
        updatedAt: at(),
        updatedBy: actor.userId,
        updatedByName: actor.displayName,
      };
      const found = await deps.engine().preview({ tenantId: actor.tenantId, now: clock.now(), timeZone: zone }, rule, previewShown);
      const read = await reading.reading(actor.tenantId, { locale, timeZone: zone });
      return {
        total: found.total,
        more: found.more,
        items: found.items.map((finding) => ({
          subject: finding.subject.kind,
          subjectId: finding.subject.id,
          title: finding.title,
          ...(finding.accountName ? { accountName: finding.accountName } : {}),
          ...(finding.ownerName ? { ownerName: finding.ownerName } : {}),
          why: previewLine(settings.condition, finding.facts, finding.amount, read),
          url: deps.link(finding),
        })),
      };
    },

    async sweep(actor: Actor): Promise<SweepBody> {
      requireManager(actor);
      await ensureDefaults(actor.tenantId);
      return deps.engine().sweep({ tenantId: actor.tenantId, now: clock.now(), timeZone: reading.tenantZone(actor.tenantId) });
    },

    settingsOf,
    canManage,
  };
}

export type RulesService = ReturnType<typeof createRulesService>;
