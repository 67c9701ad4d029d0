// A rule's settings in words, for the list and the change history: the cadence, who hears of it, each threshold with its
// unit, and the names of teams, people and stages the catalogue knows.
import { formatMoney } from '../../src/core/money-format';
import { casesTranslator, type CasesStringKey } from '../cases/cases.strings';
import type { Locale } from '../shared/strings';
import type { ChannelPlace } from '../shared/teams-context';
import type { CatalogueBody, ConditionBody, ConditionId, RuleInput, ThresholdField } from './alerts.api';
import { isAlertsKey, type AlertsTranslate } from './alerts.strings';

type Cadence = NonNullable<RuleInput['cadence']>;
type Recipients = NonNullable<RuleInput['recipients']>;

export interface RuleWords {
  list(items: readonly string[]): string;
  condition(id: ConditionId): ConditionBody | undefined;
  conditionName(id: ConditionId): string;
  cadence(cadence: Cadence | undefined): string;
  recipients(recipients: Recipients | undefined): string;
  channel(channel: ChannelPlace): string;
  /** A threshold's label, the condition's own where it has one. */
  fieldLabel(condition: ConditionId, field: ThresholdField): string;
  /** The unit shown after a number field, if any. */
  unit(field: ThresholdField): string | undefined;
  /** A threshold's value with its unit, or the stage, clock or step it names. */
  fieldValue(field: ThresholdField, value: unknown): string;
  stepName(step: number): string;
  money(amount: number): string;
  /** A number of alerts (a cap). */
  alerts(count: number): string;
  teamName(id: string): string;
  personName(userId: string): string;
}

export function ruleWords(t: AlertsTranslate, locale: Locale, catalogue: CatalogueBody): RuleWords {
  const cases = casesTranslator(locale);
  const conditions = new Map(catalogue.conditions.map((condition) => [condition.id, condition]));
  const teams = new Map(catalogue.teams.map((team) => [team.id, team.name]));
  const people = new Map(catalogue.people.map((person) => [person.userId, person.name]));
  const stages = new Map(catalogue.stages.map((stage) => [stage.id, stage.name]));
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  const list = (items: readonly string[]) => items.join(t('listSeparator'));
  // The cases tab names the complaint's eight steps.
  const stepName = (step: number) =>
    t('stepOption', {
      step,
      name: Number.isInteger(step) && step >= 1 && step <= 8 ? cases(`step.${step}` as CasesStringKey) : String(step),
    });
  // English counts one day, two days; Chinese says the same either way.
  const counted = (unit: 'days' | 'hours' | 'percent' | 'count' | 'alerts', value: number) => {
    const one = `value.${unit}.one`;
    return t(value === 1 && isAlertsKey(one) ? one : `value.${unit}`, { n: number.format(value) });
  };
  const channel = (place: ChannelPlace) => t('recipient.channel', { name: place.name ?? t('channelUnnamed') });

  return {
    list,
    condition: (id) => conditions.get(id),
    conditionName: (id) => conditions.get(id)?.name ?? id,
    cadence: (cadence) =>
      cadence?.mode === 'digest' ? t('cadence.digest', { time: cadence.digestAt ?? '08:30' }) : t('cadence.immediate'),
    recipients(recipients) {
      const names = [
        ...((recipients?.owner ?? true) ? [t('recipient.owner')] : []),
        ...(recipients?.manager ? [t('recipient.manager')] : []),
        ...(recipients?.users ?? []).map((userId) => people.get(userId) ?? userId),
        ...(recipients?.channels ?? []).map(channel),
      ];
      return names.length > 0 ? list(names) : t('nobody');
    },
    channel,
    fieldLabel(condition, field) {
      const found = conditions.get(condition)?.fields.find((known) => known.name === field.name);
      return found?.label ?? t(`kind.${field.kind}`);
    },
    unit(field) {
      if (field.kind === 'amount') return catalogue.reportingCurrency;
      const key = `unit.${field.kind}`;
      return isAlertsKey(key) ? t(key) : undefined;
    },
    fieldValue(field, value) {
      if (field.kind === 'stage') return stages.get(String(value)) ?? String(value);
      if (field.kind === 'clock') return isAlertsKey(`clock.${String(value)}`) ? t(`clock.${String(value)}` as 'clock.any') : String(value);
      if (field.kind === 'step') return stepName(Number(value));
      if (typeof value !== 'number') return String(value ?? '');
      if (field.kind === 'amount') return formatMoney(value, catalogue.reportingCurrency, locale);
      return counted(field.kind, value);
    },
    stepName,
    money: (amount) => formatMoney(amount, catalogue.reportingCurrency, locale),
    alerts: (count) => counted('alerts', count),
    teamName: (id) => teams.get(id) ?? id,
    personName: (userId) => people.get(userId) ?? userId,
  };
}
