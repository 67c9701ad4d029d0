// The rule form's state: a rule's settings as the person types them (numbers as text, quiet hours switched on or off),
// made from a stored rule or a condition's defaults, and turned back into the request the server checks.
import type { ChannelPlace } from '../shared/teams-context';
import type { ConditionBody, ConditionId, RuleBody, RuleInput, ThresholdField } from './alerts.api';

export type Tier = 'any' | 'key' | 'other';
export type CadenceMode = 'immediate' | 'digest';

export interface RuleDraft {
  name: string;
  condition: ConditionId;
  /** By field name, as typed; numbers become numbers when sent. */
  thresholds: Record<string, string>;
  enabled: boolean;
  teamIds: string[];
  ownerIds: string[];
  tier: Tier;
  /** Empty: any amount. */
  minAmount: string;
  owner: boolean;
  manager: boolean;
  users: string[];
  channels: ChannelPlace[];
  cadence: CadenceMode;
  digestAt: string;
  quiet: boolean;
  quietFrom: string;
  quietTo: string;
  capPerDay: string;
}

const numeric = (field: ThresholdField) => field.kind !== 'stage' && field.kind !== 'clock';

const typed = (value: unknown) => (value === undefined || value === null ? '' : String(value));

/** The thresholds of `condition` as the form shows them: the given values, else the catalogue's defaults. */
export function thresholdsOf(condition: ConditionBody, values: Record<string, unknown> = {}): Record<string, string> {
  return Object.fromEntries(condition.fields.map((field) => [field.name, typed(values[field.name] ?? condition.defaults[field.name])]));
}

/** A new rule on `condition`, with the settings the server would default to; in a channel, that channel hears of it. */
export function newDraft(condition: ConditionBody, channel?: ChannelPlace): RuleDraft {
  return {
    name: condition.name,
    condition: condition.id,
    thresholds: thresholdsOf(condition),
    enabled: true,
    teamIds: [],
    ownerIds: [],
    tier: 'any',
    minAmount: '',
    owner: true,
    manager: false,
    users: [],
    channels: channel ? [channel] : [],
    cadence: 'immediate',
    digestAt: '08:30',
    quiet: false,
    quietFrom: '20:00',
    quietTo: '08:00',
    capPerDay: '20',
  };
}

/** The form for a stored rule (or one before or after a change), its thresholds read against the catalogue. */
export function draftOf(rule: RuleInput, condition: ConditionBody | undefined): RuleDraft {
  const thresholds = rule.thresholds as Record<string, unknown>;
  return {
    name: rule.name,
    condition: rule.condition,
    thresholds: condition
      ? thresholdsOf(condition, thresholds)
      : Object.fromEntries(Object.entries(thresholds).map(([k, v]) => [k, typed(v)])),
    enabled: rule.enabled ?? true,
    teamIds: rule.scope?.teamIds ?? [],
    ownerIds: rule.scope?.ownerIds ?? [],
    tier: rule.scope?.tier ?? 'any',
    minAmount: typed(rule.scope?.minAmount),
    owner: rule.recipients?.owner ?? true,
    manager: rule.recipients?.manager ?? false,
    users: rule.recipients?.users ?? [],
    channels: (rule.recipients?.channels ?? []).map(({ teamId, channelId, name }) => ({ teamId, channelId, ...(name ? { name } : {}) })),
    cadence: rule.cadence?.mode ?? 'immediate',
    digestAt: rule.cadence?.digestAt ?? '08:30',
    quiet: rule.quietHours !== undefined,
    quietFrom: rule.quietHours?.from ?? '20:00',
    quietTo: rule.quietHours?.to ?? '08:00',
    capPerDay: typed(rule.capPerDay ?? 20),
  };
}

/** Switches the draft to another condition: its thresholds start at their defaults, and a name that was the old condition's follows. */
export function withCondition(draft: RuleDraft, from: ConditionBody | undefined, to: ConditionBody): RuleDraft {
  const named = !draft.name.trim() || draft.name === from?.name;
  return { ...draft, condition: to.id, thresholds: thresholdsOf(to), name: named ? to.name : draft.name };
}

/** A typed number; text that is no number goes as it is, for the server to refuse in the person's language. */
const numberOf = (text: string): number | string => {
  const trimmed = text.trim();
  const value = Number(trimmed);
  return trimmed !== '' && Number.isFinite(value) ? value : trimmed;
};

/** What the form sends. The server checks it all; only the shape of each threshold comes from the catalogue. */
export function requestOf(draft: RuleDraft, condition: ConditionBody | undefined): RuleInput {
  const thresholds = Object.fromEntries(
    Object.entries(draft.thresholds).map(([name, value]) => {
      const field = condition?.fields.find((each) => each.name === name);
      return [name, field && numeric(field) ? numberOf(value) : value];
    }),
  );
  const minAmount = draft.minAmount.trim();
  // The condition and its thresholds go together; which thresholds a condition takes is the server's to check.
  return {
    condition: draft.condition,
    thresholds,
    name: draft.name.trim(),
    enabled: draft.enabled,
    scope: {
      teamIds: draft.teamIds,
      ownerIds: draft.ownerIds,
      tier: draft.tier,
      ...(minAmount ? { minAmount: numberOf(minAmount) } : {}),
    },
    recipients: { owner: draft.owner, manager: draft.manager, channels: draft.channels, users: draft.users },
    cadence: { mode: draft.cadence, digestAt: draft.digestAt },
    ...(draft.quiet ? { quietHours: { from: draft.quietFrom, to: draft.quietTo } } : {}),
    capPerDay: numberOf(draft.capPerDay),
  } as RuleInput;
}

/** A stored rule's settings, without what the server keeps beside them: what a switch on the list sends back. */
export function settingsOf(rule: RuleBody): RuleInput {
  const { condition, thresholds, name, enabled, scope, recipients, cadence, quietHours, capPerDay } = rule;
  return {
    condition,
    thresholds,
    name,
    enabled,
    scope,
    recipients,
    cadence,
    ...(quietHours ? { quietHours } : {}),
    capPerDay,
  } as RuleInput;
}

/** Fields the person must fill before anything is sent; everything else is the server's to judge. */
export function missingOf(draft: RuleDraft, condition: ConditionBody | undefined): Set<string> {
  const missing = new Set<string>();
  if (!draft.name.trim()) missing.add('name');
  for (const field of condition?.fields ?? []) if (!(draft.thresholds[field.name] ?? '').trim()) missing.add(`thresholds.${field.name}`);
  if (!draft.capPerDay.trim()) missing.add('capPerDay');
  if (draft.cadence === 'digest' && !draft.digestAt) missing.add('cadence.digestAt');
  if (draft.quiet && !draft.quietFrom) missing.add('quietHours.from');
  if (draft.quiet && !draft.quietTo) missing.add('quietHours.to');
  return missing;
}

/**
 * Thresholds typed outside their bounds (or not whole where the server counts whole units): marked beside the server's
 * refusal, whose words name the bounds.
 */
export function outOfBounds(draft: RuleDraft, condition: ConditionBody | undefined): Set<string> {
  const wrong = new Set<string>();
  for (const field of condition?.fields ?? []) {
    if (!('min' in field)) continue;
    const value = Number((draft.thresholds[field.name] ?? '').trim());
    const whole = field.kind !== 'amount';
    if (!Number.isFinite(value) || value < field.min || value > field.max || (whole && !Number.isInteger(value)))
      wrong.add(`thresholds.${field.name}`);
  }
  return wrong;
}
