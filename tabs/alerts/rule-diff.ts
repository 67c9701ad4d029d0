// A rule's settings in words, and what a change of a rule changed: each setting before and after, only those that
// differ; a new rule lists what it was created with.
import type { RuleInput, ThresholdField } from './alerts.api';
import type { AlertsKey, AlertsTranslate } from './alerts.strings';
import type { RuleWords } from './rule-words';

export interface Difference {
  /** Stable across languages, for keys and tests. */
  key: string;
  label: string;
  before?: string;
  after?: string;
}

/** One setting in words. */
export type Aspect = { key: string; label: string; value: string };

/** Each setting of `rule` as words, in the form's order. */
export function aspectsOf(rule: RuleInput, words: RuleWords, t: AlertsTranslate): Aspect[] {
  const aspect = (key: string, label: AlertsKey, value: string): Aspect => ({ key, label: t(label), value });
  const fields = words.condition(rule.condition)?.fields;
  const thresholds = Object.entries(rule.thresholds as Record<string, unknown>).map(([name, value]): Aspect => {
    // A threshold the catalogue no longer lists still shows, as a plain count.
    const field: ThresholdField = fields?.find((each) => each.name === name) ?? { name, kind: 'count', min: 0, max: 0 };
    return { key: `thresholds.${name}`, label: words.fieldLabel(rule.condition, field), value: words.fieldValue(field, value) };
  });
  const scope = rule.scope;
  const quiet = rule.quietHours;
  return [
    aspect('name', 'aspect.name', rule.name),
    aspect('condition', 'aspect.condition', words.conditionName(rule.condition)),
    ...thresholds,
    aspect('enabled', 'aspect.enabled', t((rule.enabled ?? true) ? 'on' : 'off')),
    aspect('teams', 'aspect.teams', scope?.teamIds?.length ? words.list(scope.teamIds.map(words.teamName)) : t('everyTeam')),
    aspect('owners', 'aspect.owners', scope?.ownerIds?.length ? words.list(scope.ownerIds.map(words.personName)) : t('everyone')),
    aspect('tier', 'aspect.tier', t(`tier.${scope?.tier ?? 'any'}`)),
    aspect('minAmount', 'aspect.minAmount', scope?.minAmount === undefined ? t('anyAmount') : words.money(scope.minAmount)),
    aspect('recipients', 'aspect.recipients', words.recipients(rule.recipients)),
    aspect('cadence', 'aspect.cadence', words.cadence(rule.cadence)),
    aspect('quietHours', 'aspect.quietHours', quiet ? t('quietSpan', { from: quiet.from, to: quiet.to }) : t('none')),
    aspect('capPerDay', 'aspect.capPerDay', words.alerts(rule.capPerDay ?? 20)),
  ];
}

/** The settings that differ between `before` and `after`; with nothing before, everything `after` holds. */
export function differences(
  before: RuleInput | undefined,
  after: RuleInput | undefined,
  words: RuleWords,
  t: AlertsTranslate,
): Difference[] {
  if (!after) return [];
  const now = aspectsOf(after, words, t);
  if (!before) return now.map(({ key, label, value }) => ({ key, label, after: value }));
  const then = aspectsOf(before, words, t);
  const earlier = new Map(then.map((each) => [each.key, each]));
  const changed = now
    .filter((each) => earlier.get(each.key)?.value !== each.value)
    .map(({ key, label, value }) => ({ key, label, before: earlier.get(key)?.value ?? t('none'), after: value }));
  // Thresholds of a condition the rule no longer watches.
  const dropped = then
    .filter((each) => !now.some((current) => current.key === each.key))
    .map(({ key, label, value }) => ({ key, label, before: value, after: t('none') }));
  return [...changed, ...dropped];
}
