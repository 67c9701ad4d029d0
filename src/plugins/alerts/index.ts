// The alerts plugin 提醒: rules managers set up without code, swept on a schedule and checked on events, written once to a ledger, sent as cards people act on.
import { isAppError } from '../../core/errors';
import type { Actor } from '../../core/actor';
import type { TurnInput } from '../../core/plugin';
import { definePlugin } from '../../core/plugin';
import { accountLink, accountsPlugin } from '../accounts';
import { activitiesPlugin } from '../activities';
import { casesPlugin, createCaseLinks, isKeyAccount } from '../cases';
import { peoplePlugin } from '../people';
import { createPipelineLinks, pipelinePlugin } from '../pipeline';
import { alertCardActions } from './alert-actions';
import { createAlertDelivery } from './alert-delivery';
import { createAlertEngine } from './alert-engine';
import { createAlertReading } from './alert-reading';
import type { CardLinks } from './alert.card';
import { alertsErrors } from './alerts.errors';
import { alertsMessages } from './alerts.messages';
import { createAlertsRouter } from './alerts.routes';
import { alertsCommands, rulesDialogId } from './chat/alerts.commands';
import { accountConditions } from './conditions/account-conditions';
import { caseConditions } from './conditions/case-conditions';
import type { Condition } from './conditions/condition';
import { dealConditions } from './conditions/deal-conditions';
import { createDigestRun } from './digest';
import type { Finding } from './finding';
import { createLedger, type Alert } from './ledger.store';
import { createPulseStore, type AccountFacts } from './pulse.store';
import { createQueueStore } from './queue.store';
import type { ConditionId, Rule } from './rule.schema';
import { createRuleStore } from './rule.store';
import { createRulesService } from './rules.service';

export type * from './alerts.api-types';

/**
 * Logical tables, all in the plugin's one physical table `Alerts`:
 * - `AlertRules`: PK [..., 'rules']: the rules (RK ['rule', id]) and their changes (RK ['change', id, newest first]);
 *   PK [..., 'prefs']: each reader's language and zone.
 * - `AlertLedger`: PK [..., 'rule', ruleId]: the alerts, RK [subject, period], each created once.
 * - `AlertQueue`: PK [..., 'queue']: cards and digest lines waiting, RK [due, recipient, alert]; PK [..., 'cap', date]: caps.
 * - `AlertWatch`: PK [..., 'pulse']: each account's last contact and weekly contacts, and the index by last contact.
 */
export const alertsTables = { rules: 'AlertRules', ledger: 'AlertLedger', queue: 'AlertQueue', watch: 'AlertWatch' } as const;

/** How often every rule is swept, and how often the queue of held cards and digests is looked at. */
export const sweepEvery = { minutes: 5 } as const;
export const dueEvery = { minutes: 1 } as const;
/** Resolved alerts are kept this long, then pruned at night. */
export const resolvedKeptDays = 90;

export const alertsPlugin = definePlugin({
  id: 'alerts',
  dependsOn: { accounts: accountsPlugin, activities: activitiesPlugin, pipeline: pipelinePlugin, people: peoplePlugin, cases: casesPlugin },
  tables: Object.values(alertsTables),
  messages: alertsMessages,
  errors: alertsErrors,
  setup({ table, services: { accounts, activities, pipeline, people, cases }, clock, log, notify, publicUrl, teamsAppId }) {
    const ruleStore = createRuleStore(table(alertsTables.rules));
    const ledger = createLedger(table(alertsTables.ledger));
    const queue = createQueueStore(table(alertsTables.queue));
    const pulse = createPulseStore(table(alertsTables.watch));
    const pipelineLinks = createPipelineLinks({ publicUrl, ...(teamsAppId ? { teamsAppId } : {}) });
    const caseLinks = createCaseLinks({ publicUrl, ...(teamsAppId ? { teamsAppId } : {}) });
    const rulesPage = `${publicUrl}/tabs/alerts/`;
    const subjectLink = (subject: Pick<Finding, 'subject' | 'accountId'>): string => {
      const { kind, id } = subject.subject;
      if (kind === 'deal') return pipelineLinks.opportunity(id);
      if (kind === 'case') return caseLinks.case(Number(id));
      return accountLink(publicUrl, kind === 'account' ? id : (subject.accountId ?? id));
    };
    const links: CardLinks = {
      subject: (alert: Alert) =>
        subjectLink({
          subject: { kind: alert.subjectKind, id: alert.subjectId },
          ...(alert.accountId ? { accountId: alert.accountId } : {}),
        }),
      rules: () =>
        teamsAppId
          ? `https://teams.microsoft.com/l/entity/${encodeURIComponent(teamsAppId)}/alerts?webUrl=${encodeURIComponent(rulesPage)}`
          : rulesPage,
    };
    const reading = createAlertReading({ pipeline, queue, clock, links });

    const conditions = new Map<ConditionId, Condition>(
      [
        ...dealConditions({ pipeline, stageModel: reading.stageModel }),
        ...accountConditions({ pulse, activities, people }),
        ...caseConditions(cases),
      ].map((condition) => [condition.id, condition as unknown as Condition]),
    );

    async function refreshCards(tenantId: string, alert: Alert, rule: Rule): Promise<void> {
      for (const delivery of alert.deliveries) {
        const { card, text } = await reading.render(tenantId, alert, rule, reading.deliveryReader(tenantId, delivery.locale));
        try {
          await notify.update(delivery.id, card, text);
        } catch (error) {
          // A card that never reached its reader (failed, unreachable) has nothing to update.
          if (!isAppError(error, 'DELIVERY_CLOSED')) throw error;
        }
      }
    }

    const delivery = createAlertDelivery({
      notify,
      queue,
      readerOf: reading.readerOf,
      render: (tenantId, alert, rule, reader) => reading.render(tenantId, alert, rule, reader),
    });
    const rules = createRulesService({
      store: ruleStore,
      conditions,
      people,
      reading,
      engine: () => engine,
      clock,
      link: subjectLink,
      reachesTeam: (tenantId, teamId) => notify.reachesTeam(tenantId, teamId),
    });
    const engine = createAlertEngine({ conditions, enabledRules: rules.enabledRules, ledger, pulse, people, delivery, refreshCards, log });
    const runDue = createDigestRun({
      queue,
      ledger,
      notify,
      delivery,
      rule: rules.rule,
      reading: reading.reading,
      subjectLink: links.subject,
    });

    const remember = (actor: Actor, turn: Pick<TurnInput, 'locale' | 'timeZone'>) =>
      queue.remember(actor.tenantId, actor.userId, turn.locale, turn.timeZone ?? reading.tenantZone(actor.tenantId), clock.now());
    const evaluation = (tenantId: string) => ({ tenantId, now: clock.now(), timeZone: reading.tenantZone(tenantId) });

    /** The account's facts as the pulse keeps them; undefined for an account that is gone. */
    async function accountFacts(tenantId: string, accountId: string): Promise<{ facts: AccountFacts; createdAt: string } | undefined> {
      try {
        const { value } = await accounts.getAccount(tenantId, accountId);
        const facts = {
          accountId,
          name: value.name,
          ownerId: value.ownerId,
          ownerName: value.ownerName,
          keyAccount: isKeyAccount(value.tags),
          ...(value.team ? { team: value.team } : {}),
        };
        return { facts, createdAt: value.createdAt };
      } catch (error) {
        if (isAppError(error, 'NOT_FOUND')) return undefined;
        throw error;
      }
    }

    /** An activity as stored now; undefined once it is deleted. */
    async function activityOf(tenantId: string, id: string) {
      try {
        return (await activities.getActivity(tenantId, id)).value;
      } catch (error) {
        if (isAppError(error, 'NOT_FOUND')) return undefined;
        throw error;
      }
    }

    return {
      router: createAlertsRouter(rules, (actor, locale, timeZone) => remember(actor, { locale, timeZone })),
      commands: alertsCommands({ rules, remember: (input) => remember(input.actor, input) }),
      cardActions: alertCardActions({ ledger, rule: rules.rule, people, activities, notify, reading, clock, refreshCards, remember }),
      dialogs: [
        {
          id: rulesDialogId,
          async open(input) {
            await remember(input.actor, input);
            const query = new URLSearchParams({ dialog: '1', locale: input.locale });
            if (input.context.teamId && input.context.channelId) {
              query.set('teamId', input.context.teamId);
              query.set('channelId', input.context.channelId);
              if (input.context.channelName) query.set('channelName', input.context.channelName);
            }
            return { title: input.t('alerts.chat.dialogTitle'), url: `${rulesPage}?${query.toString()}`, width: 'large', height: 'large' };
          },
        },
      ],
      handles: {
        'opportunity.changed': async ({ tenantId, recordId, version }) =>
          void (await engine.onSubject(evaluation(tenantId), 'deal', recordId, version === 1)),
        'case.changed': async ({ tenantId, recordId, version }) =>
          void (await engine.onSubject(evaluation(tenantId), 'case', recordId, version === 1)),
        // Every activity written, logged or imported: a new one is a contact of its account; any change may close a follow-up.
        'activity.changed': async ({ tenantId, recordId, version }) => {
          const activity = version === 1 ? await activityOf(tenantId, recordId) : undefined;
          if (activity) {
            const facts = (await pulse.get(tenantId, activity.accountId)) ?? (await accountFacts(tenantId, activity.accountId))?.facts;
            if (facts) {
              await pulse.contact(tenantId, facts, { id: activity.id, occurredAt: activity.occurredAt }, clock.now());
              await engine.onSubject(evaluation(tenantId), 'account', activity.accountId);
            }
          }
          await engine.onSubject(evaluation(tenantId), 'follow-up', recordId, version === 1);
        },
        // An edit of an account (its tags, owner, name), never its creation, so a bulk import costs nothing here: an
        // account enters the pulse with its first contact or edit.
        'account.updated': async ({ tenantId, recordId }) => {
          const found = await accountFacts(tenantId, recordId);
          if (found) await pulse.track(tenantId, found.facts, found.createdAt);
        },
      },
      jobs: [
        {
          id: 'sweep',
          every: sweepEvery,
          run: async ({ tenantId, timeZone, signal, log: runLog }) => {
            reading.rememberZone(tenantId, timeZone);
            await rules.ensureDefaults(tenantId);
            const swept = await engine.sweep({ tenantId, now: clock.now(), timeZone, signal });
            if (swept.created + swept.resolved > 0) runLog.info('alerts swept', { tenantId, ...swept });
          },
        },
        {
          id: 'prune',
          dailyAt: '03:15',
          run: async ({ tenantId, log: runLog }) => {
            const before = new Date(clock.now().getTime() - resolvedKeptDays * 86_400_000).toISOString();
            let pruned = 0;
            for (const { value } of await ruleStore.list(tenantId)) pruned += await ledger.pruneResolved(tenantId, value.id, before);
            if (pruned > 0) runLog.info('resolved alerts pruned', { tenantId, pruned });
          },
        },
        {
          id: 'due',
          every: dueEvery,
          run: async ({ tenantId, timeZone, log: runLog }) => {
            reading.rememberZone(tenantId, timeZone);
            const sent = await runDue(tenantId, clock.now());
            if (sent.cards + sent.digests > 0) runLog.info('held alerts and digests sent', { tenantId, ...sent });
          },
        },
      ],
    };
  },
});
