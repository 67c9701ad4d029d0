// The alert card: what happened, why it matters and what to do, who owns it and where it stands, and the buttons each reader's role allows.
import {
  adaptiveCard,
  clip,
  executeAction,
  facts,
  heading,
  openUrl,
  paragraph,
  plain,
  type AdaptiveCard,
  type CardElement,
} from '../../cards/adaptive-card';
import { formatMoney } from '../../core/money-format';
import { alertsTranslator, whatHappened, type Reading } from './describe';
import { refOf, type Alert } from './ledger.store';
import type { Rule } from './rule.schema';

export const alertVerbs = {
  refresh: 'alerts.refresh',
  ack: 'alerts.ack',
  snooze: 'alerts.snooze',
  reassign: 'alerts.reassign',
  followUp: 'alerts.followUp',
  retention: 'alerts.retention',
} as const;

/** Input ids of the card's forms; they come back beside the button's data. */
export const alertInputs = {
  snoozeUntil: 'alerts.snoozeUntil',
  assignee: 'alerts.assignee',
  note: 'alerts.note',
  followUpOn: 'alerts.followUpOn',
  message: 'alerts.message',
} as const;

export interface CardView {
  /** The manager's view adds reassigning, to the people of the team. */
  assignees?: { userId: string; name: string }[];
  /** A line on top: why the card is shown as it is (an action replayed on a resolved alert). */
  notice?: string;
}

export interface CardLinks {
  /** The deal, case, account or follow-up's account, in its tab. */
  subject(alert: Alert): string;
  /** The rule builder. */
  rules(): string;
}

const retentionConditions = new Set(['key-account-quiet', 'churn-signal']);
const lastLog = (alert: Alert) => alert.log.at(-1);

/** The state line: acknowledged, snoozed, reassigned, followed up, resolved, by whom and when. */
function stateLine(alert: Alert, reading: Reading): string | undefined {
  const { t } = reading;
  if (alert.state === 'resolved')
    return t('alerts.card.resolved', {
      at: reading.when(alert.resolvedAt ?? alert.updatedAt, true),
      reason: t(`alerts.resolved.${alert.subjectKind}`),
    });
  if (alert.state === 'snoozed' && alert.snoozedUntil)
    return t('alerts.card.snoozed', { name: lastLog(alert)?.byName ?? '', until: reading.when(alert.snoozedUntil, true) });
  const last = lastLog(alert);
  if (!last) return undefined;
  const at = reading.when(last.at, true);
  switch (last.action) {
    case 'acknowledged':
      return t('alerts.card.acknowledged', { name: last.byName, at });
    case 'reassigned':
      return t('alerts.card.reassigned', { name: last.byName, at, to: alert.assigneeName ?? '' });
    case 'followed-up':
      return t('alerts.card.followedUp', { name: last.byName, at });
    case 'retention-logged':
      return t('alerts.card.retentionLogged', { name: last.byName, at });
    case 'woke':
      return t('alerts.card.woke');
    default:
      return undefined;
  }
}

function snoozeCard(alert: Alert, reading: Reading): CardElement {
  const { t } = reading;
  const ref = refOf(alert);
  return {
    type: 'Action.ShowCard',
    title: t('alerts.action.snooze'),
    card: {
      type: 'AdaptiveCard',
      body: [{ type: 'Input.Date', id: alertInputs.snoozeUntil, label: t('alerts.action.snoozeDate') }],
      actions: [
        executeAction(t('alerts.action.snooze1d'), alertVerbs.snooze, { ...ref, for: '1d' }),
        executeAction(t('alerts.action.snooze1w'), alertVerbs.snooze, { ...ref, for: '1w' }),
        executeAction(t('alerts.action.snoozeUntil'), alertVerbs.snooze, { ...ref, for: 'date' }),
      ],
    },
  };
}

function followUpCard(alert: Alert, reading: Reading): CardElement {
  const { t } = reading;
  return {
    type: 'Action.ShowCard',
    title: t('alerts.action.followUp'),
    card: {
      type: 'AdaptiveCard',
      body: [
        {
          type: 'Input.Text',
          id: alertInputs.note,
          label: t('alerts.action.followUpNote'),
          isMultiline: true,
          maxLength: 2000,
          isRequired: true,
          errorMessage: t('alerts.action.followUpNote'),
        },
        { type: 'Input.Date', id: alertInputs.followUpOn, label: t('alerts.action.followUpOn') },
      ],
      actions: [executeAction(t('alerts.action.save'), alertVerbs.followUp, refOf(alert))],
    },
  };
}

function reassignCard(alert: Alert, reading: Reading, assignees: { userId: string; name: string }[]): CardElement {
  const { t } = reading;
  return {
    type: 'Action.ShowCard',
    title: t('alerts.action.reassign'),
    card: {
      type: 'AdaptiveCard',
      body: [
        {
          type: 'Input.ChoiceSet',
          id: alertInputs.assignee,
          label: t('alerts.action.reassignTo'),
          isRequired: true,
          errorMessage: t('alerts.action.reassignTo'),
          choices: assignees.slice(0, 100).map((person) => ({ title: clip(person.name, 60), value: person.userId })),
        },
      ],
      actions: [executeAction(t('alerts.action.save'), alertVerbs.reassign, refOf(alert))],
    },
  };
}

/** The retention message 挽留模板, pre-filled from the account's facts, to edit before it is sent and logged. */
function retentionBlock(alert: Alert, reading: Reading, message: string): CardElement[] {
  const { t } = reading;
  return [
    paragraph(t('alerts.retention.title'), { weight: 'Bolder', separator: true }),
    paragraph(t('alerts.retention.hint'), { isSubtle: true, size: 'Small', spacing: 'None' }),
    { type: 'Input.Text', id: alertInputs.message, isMultiline: true, maxLength: 4000, value: message, label: t('alerts.retention.title') },
    { type: 'ActionSet', actions: [executeAction(t('alerts.retention.log'), alertVerbs.retention, refOf(alert))] },
  ];
}

/** The retention message in the account's own language: Chinese for an account with a Chinese name, else English. */
export function retentionMessage(alert: Alert, reading: Reading): string {
  const name = alert.accountName ?? alert.title;
  return alertsTranslator(/[\u3400-\u9fff]/u.test(name) ? 'zh-CN' : 'en')('alerts.retention.template', {
    account: alert.accountName ?? alert.title,
    date: reading.when(String(alert.facts.lastContactAt ?? alert.createdAt), false),
    owner: alert.assigneeName ?? alert.ownerName ?? '',
  });
}

/**
 * The card of an alert for one reader. `refresh.userIds` names the assignee and their manager, so Teams asks for each
 * one's own view when they open it; everyone else (a channel) sees the shared view.
 */
export function alertCard(alert: Alert, rule: Pick<Rule, 'name'>, reading: Reading, links: CardLinks, view: CardView = {}): AdaptiveCard {
  const { t } = reading;
  const resolved = alert.state === 'resolved';
  const state = stateLine(alert, reading);
  const body: CardElement[] = [
    ...(view.notice ? [paragraph(view.notice, { color: 'Attention', weight: 'Bolder' })] : []),
    {
      type: 'Container',
      style: resolved ? 'good' : alert.condition === 'sla-breached' || alert.condition === 'large-deal-lost' ? 'attention' : 'warning',
      bleed: true,
      items: [
        paragraph(t(`alerts.condition.${alert.condition}.name`), { size: 'Small', weight: 'Bolder', spacing: 'None' }),
        heading(plain(clip(alert.title, 120))),
      ],
    },
    paragraph(whatHappened(alert.condition, alert.facts, alert.amount, reading)),
    facts([
      [
        t('alerts.card.account'),
        alert.accountName ? plain(clip(alert.accountName, 80)) + (alert.keyAccount ? ` · ${t('alerts.card.keyAccount')}` : '') : undefined,
      ],
      [
        t('alerts.card.amount'),
        alert.amount !== undefined && alert.subjectKind === 'deal'
          ? formatMoney(alert.amount, reading.reportingCurrency, reading.locale)
          : undefined,
      ],
      [t('alerts.card.owner'), alert.ownerName ? plain(alert.ownerName) : undefined],
      [t('alerts.card.assignee'), alert.assigneeName && alert.assigneeId !== alert.ownerId ? plain(alert.assigneeName) : undefined],
    ]),
    ...(resolved
      ? []
      : [
          paragraph(`**${t('alerts.card.whyTitle')}**: ${t(`alerts.why.${alert.condition}`)}`, { size: 'Small' }),
          paragraph(`**${t('alerts.card.nextTitle')}**: ${t(`alerts.next.${alert.condition}`)}`, { size: 'Small', spacing: 'Small' }),
        ]),
    ...(state ? [paragraph(state, { isSubtle: true, weight: 'Bolder' })] : []),
    ...(!resolved && retentionConditions.has(alert.condition) ? retentionBlock(alert, reading, retentionMessage(alert, reading)) : []),
    {
      type: 'Container',
      selectAction: { type: 'Action.OpenUrl', title: t('alerts.action.rule'), url: links.rules() },
      items: [
        paragraph(t('alerts.card.ruleNote', { rule: plain(clip(rule.name, 80)) }), { isSubtle: true, size: 'Small', color: 'Accent' }),
      ],
    },
  ];
  const ref = refOf(alert);
  const actions: CardElement[] = resolved
    ? [openUrl(t('alerts.action.open'), links.subject(alert))]
    : [
        ...(alert.state === 'acknowledged' ? [] : [executeAction(t('alerts.action.ack'), alertVerbs.ack, ref)]),
        snoozeCard(alert, reading),
        followUpCard(alert, reading),
        ...(view.assignees && view.assignees.length > 0 ? [reassignCard(alert, reading, view.assignees)] : []),
        openUrl(t('alerts.action.open'), links.subject(alert)),
      ];
  // Teams shows five buttons in a row; the rule's link is its note, so the manager's view keeps to five.
  const card = adaptiveCard(body, actions);
  const userIds = [alert.assigneeId, alert.managerId].filter((id): id is string => Boolean(id));
  return {
    ...card,
    refresh: {
      action: { type: 'Action.Execute', title: t('alerts.action.open'), verb: alertVerbs.refresh, data: ref },
      userIds: [...new Set(userIds)],
    },
  };
}
