// Checking a rule a manager sends: the schema first, then what only the tenant's data can tell (its stages, teams and people), each refusal with its own localised code.
import type { z } from 'zod';
import type { Locale } from '../../core/i18n';
import { alertsTranslator } from './describe';
import { parseWith } from '../../core/validation';
import type { StageModel } from '../pipeline';
import { alertsErrors } from './alerts.errors';
import type { Condition } from './conditions/condition';
import { ruleInputSchema, type ConditionId, type RuleSettings } from './rule.schema';

export interface TenantFacts {
  model: StageModel;
  teams: { id: string; name: string }[];
  /** Everyone a rule may name: the members and managers of the tenant's teams. */
  people: ReadonlyMap<string, string>;
}

/** A threshold out of its bounds, named as the rule builder names it. */
function thresholdProblem(issues: z.core.$ZodIssue[], condition: Condition | undefined, locale: Locale): Error | undefined {
  const issue = issues.find((one) => one.path[0] === 'thresholds' && typeof one.path[1] === 'string');
  if (!issue || !condition) return undefined;
  const field = condition.fields.find((one) => one.name === issue.path[1]);
  if (!field || !('min' in field)) return undefined;
  const label = alertsTranslator(locale)(`alerts.field.${condition.id}.${field.name}`);
  // Not a number, or a fraction where days, hours or a count are meant: say a whole number is wanted.
  const whole = field.kind !== 'amount' && issue.code === 'invalid_type';
  return alertsErrors.fail(
    whole ? 'THRESHOLD_NOT_WHOLE' : 'THRESHOLD_OUT_OF_RANGE',
    { field: label, min: field.min, max: field.max },
    { path: `thresholds.${field.name}` },
  );
}

/** The rule as sent, or the first reason it cannot be saved; `locale` names a threshold as the caller reads it. */
/** Quiet hours leave at least an hour a day for alerts to arrive. */
const maxQuietMinutes = 23 * 60;
const minuteOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
/** Minutes of the day the quiet hours cover; `from` equal to `to` is the whole day. */
const quietMinutes = ({ from, to }: { from: string; to: string }) => (minuteOf(to) - minuteOf(from) + 1440) % 1440 || 1440;

export function validateRule(
  input: unknown,
  conditions: ReadonlyMap<ConditionId, Condition>,
  facts: TenantFacts,
  locale: Locale,
): RuleSettings {
  const parsed = ruleInputSchema.safeParse(input);
  if (!parsed.success) {
    const condition = conditions.get((input as { condition?: ConditionId } | undefined)?.condition as ConditionId);
    throw thresholdProblem(parsed.error.issues, condition, locale) ?? parseWith(ruleInputSchema, input);
  }
  const rule = parsed.data;
  if (rule.quietHours && quietMinutes(rule.quietHours) > maxQuietMinutes)
    throw alertsErrors.fail('QUIET_HOURS_WHOLE_DAY', { from: rule.quietHours.from, to: rule.quietHours.to }, { path: 'quietHours' });
  if (rule.condition === 'close-soon-early-stage') {
    const stage = facts.model.stages.find((one) => one.id === rule.thresholds.beforeStageId && one.kind === 'open' && !one.retired);
    if (!stage) throw alertsErrors.fail('RULE_STAGE_UNKNOWN', { stage: rule.thresholds.beforeStageId });
  }
  const unknownTeam = rule.scope.teamIds.find((id) => !facts.teams.some((team) => team.id === id));
  if (unknownTeam) throw alertsErrors.fail('UNKNOWN_TEAM', { team: unknownTeam });
  const unknownPerson = [...rule.recipients.users, ...rule.scope.ownerIds].find((id) => !facts.people.has(id));
  if (unknownPerson) throw alertsErrors.fail('UNKNOWN_RECIPIENT', { recipient: unknownPerson });
  return rule;
}
