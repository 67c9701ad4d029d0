// What an alert says, in a reader's language: the sentence of what happened and the short line of a preview, from the finding's facts.
import { format, type Locale, type Translate } from '../../core/i18n';
import { formatMoney } from '../../core/money-format';
import { casesMessages } from '../cases';
import { alertsMessages } from './alerts.messages';
import type { ConditionId } from './rule.schema';

/** The alerts' own strings in one language, for cards sent when nobody is in a turn (`alerts.` keys, as in a turn). */
export function alertsTranslator(locale: Locale): Translate {
  return (key, params) => {
    const template = alertsMessages[locale][key.slice('alerts.'.length) as keyof (typeof alertsMessages)['en']];
    if (template === undefined) throw new Error(`Missing string "${key}" for ${locale}`);
    return format(template, params);
  };
}

export interface Reading {
  locale: Locale;
  t: Translate;
  /** A stage's name in the reader's language. */
  stageName(stageId: string): string;
  reportingCurrency: string;
  /** An instant as the reader reads it: a date (and time) in their zone or, on a card, Teams' own date. */
  when(iso: string, withTime: boolean): string;
}

type Facts = Record<string, string | number>;
const caseWord = (locale: Locale, key: string) => casesMessages[locale][key as keyof (typeof casesMessages)['en']] ?? key;

function paramsOf(condition: ConditionId, facts: Facts, amount: number | undefined, reading: Reading): Record<string, string | number> {
  const { t, stageName, locale } = reading;
  const date = (key: string) => reading.when(String(facts[key] ?? ''), false);
  switch (condition) {
    case 'deal-stuck':
      return { days: facts.days!, stage: stageName(String(facts.stageId)), limit: facts.limitDays! };
    case 'close-date-passed':
      return { date: String(facts.closeDate), days: facts.daysLate!, stage: stageName(String(facts.stageId)) };
    case 'close-soon-early-stage':
      return {
        date: String(facts.closeDate),
        days: facts.daysLeft!,
        stage: stageName(String(facts.stageId)),
        before: stageName(String(facts.beforeStageId)),
      };
    case 'large-deal-lost':
      return { amount: formatMoney(amount ?? 0, reading.reportingCurrency, locale), reason: String(facts.reason || '—') };
    case 'follow-up-overdue':
      return { date: String(facts.dueOn), days: facts.daysLate! };
    case 'key-account-quiet':
      return { days: facts.quietDays!, date: date('lastContactAt') };
    case 'churn-signal':
      return {
        recent: facts.recent!,
        previous: facts.previous!,
        window: facts.windowDays!,
        drop: facts.dropPercent!,
        days: facts.quietDays!,
      };
    case 'sla-at-risk':
    case 'sla-breached':
      return {
        clock: t(`alerts.clock.${facts.clock}`),
        priority: caseWord(locale, `cases.priority.${facts.priority}`),
        due: facts.dueAt ? reading.when(String(facts.dueAt), true) : '—',
      };
    case 'complaint-stuck':
      return { hours: facts.hours!, step: facts.step!, stepName: caseWord(locale, `cases.step.${facts.step}`) };
  }
}

/** The sentence of what happened, with its figures. */
export const whatHappened = (condition: ConditionId, facts: Facts, amount: number | undefined, reading: Reading): string =>
  reading.t(`alerts.what.${condition}`, paramsOf(condition, facts, amount, reading));

/** The short line a preview or a digest shows. */
export const previewLine = (condition: ConditionId, facts: Facts, amount: number | undefined, reading: Reading): string =>
  reading.t(`alerts.preview.${condition}`, paramsOf(condition, facts, amount, reading));
