// A tenant's service settings: SLA policies 服务级别 matched by type, priority and key account, business calendars per team, and the statuses that pause the clocks.
import { z } from 'zod';
import { text } from '../../../core/validation';
import { caseStatuses, caseTypes, casePriorities, type CasePriority, type CaseSla, type CaseStatus, type CaseType } from '../case.schema';
import { casesErrors } from '../cases.errors';
import { businessCalendarSchema, defaultCalendar, validateCalendar, type BusinessCalendar } from './business-calendar';

/** One SLA policy. An empty list of types or priorities matches any; the first policy that matches a case applies. */
export const slaPolicySchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]{1,40}$/u),
  name: text(60),
  types: z.array(z.enum(caseTypes)).max(caseTypes.length).default([]),
  priorities: z.array(z.enum(casePriorities)).max(casePriorities.length).default([]),
  /** Only for key accounts 重点客户 (an account tagged `key`, `重点客户` or `大客户`). */
  keyAccountsOnly: z.boolean().default(false),
  /** Business minutes to the first reply to the customer. */
  responseMinutes: z.number().int().min(1).max(100_000),
  /** Business minutes to resolution. */
  resolutionMinutes: z.number().int().min(1).max(1_000_000),
  /** The clock goes at risk at this share of its time; checked to be below 100 (SLA_WARNING_AFTER_TARGET). */
  warnPercent: z.number().int().min(1).max(1000).default(75),
});
export type SlaPolicy = z.infer<typeof slaPolicySchema>;

export const serviceSettingsSchema = z.strictObject({
  policies: z.array(slaPolicySchema).min(1).max(50),
  calendars: z.array(businessCalendarSchema).min(1).max(10),
  /** The calendar each service team works by; a team not listed works by the `default` calendar. */
  teamCalendars: z.record(z.uuid(), z.string().max(40)).default({}),
  /** Statuses in which the clocks stop counting, besides resolved and closed. */
  pausedStatuses: z.array(z.enum(caseStatuses)).max(caseStatuses.length).default(['waiting']),
});
export type ServiceSettings = z.infer<typeof serviceSettingsSchema>;

const hours = 60;
const day = 9 * hours;

/** What a tenant starts with: tighter clocks for urgent work, key accounts and complaints (80 % of complaints inside a day). */
export const defaultServiceSettings: ServiceSettings = {
  policies: [
    {
      id: 'key-urgent',
      name: '重点客户 紧急或高 Key account, urgent or high',
      types: [],
      priorities: ['urgent', 'high'],
      keyAccountsOnly: true,
      responseMinutes: 15,
      resolutionMinutes: 4 * hours,
      warnPercent: 75,
    },
    {
      id: 'complaint',
      name: '投诉 Complaint',
      types: ['complaint'],
      priorities: [],
      keyAccountsOnly: false,
      responseMinutes: 1 * hours,
      resolutionMinutes: day,
      warnPercent: 75,
    },
    {
      id: 'urgent',
      name: '紧急 Urgent',
      types: [],
      priorities: ['urgent'],
      keyAccountsOnly: false,
      responseMinutes: 30,
      resolutionMinutes: 4 * hours,
      warnPercent: 75,
    },
    {
      id: 'high',
      name: '高 High',
      types: [],
      priorities: ['high'],
      keyAccountsOnly: false,
      responseMinutes: 1 * hours,
      resolutionMinutes: day,
      warnPercent: 75,
    },
    {
      id: 'normal',
      name: '普通 Normal',
      types: [],
      priorities: ['normal'],
      keyAccountsOnly: false,
      responseMinutes: 4 * hours,
      resolutionMinutes: 3 * day,
      warnPercent: 75,
    },
    {
      id: 'low',
      name: '低及其他 Low and other',
      types: [],
      priorities: [],
      keyAccountsOnly: false,
      responseMinutes: day,
      resolutionMinutes: 5 * day,
      warnPercent: 75,
    },
  ],
  calendars: [defaultCalendar],
  teamCalendars: {},
  pausedStatuses: ['waiting'],
};

/** Tags that make an account a key account for SLA policies. */
export const keyAccountTags = ['key', 'key account', '重点客户', '大客户', 'vip'];
export const isKeyAccount = (tags: readonly string[]): boolean => tags.some((tag) => keyAccountTags.includes(tag.trim().toLowerCase()));

/**
 * Checks settings an admin sends beyond their shape: each calendar (time zone, overlapping hours, day conflicts), each
 * policy's warning before its target and response before resolution, and every calendar a team names exists.
 */
export function validateSettings(settings: ServiceSettings): ServiceSettings {
  const calendars = settings.calendars.map(validateCalendar);
  for (const policy of settings.policies) {
    if (policy.warnPercent >= 100)
      throw casesErrors.fail('SLA_WARNING_AFTER_TARGET', { name: policy.name, warnPercent: policy.warnPercent });
    if (policy.responseMinutes > policy.resolutionMinutes)
      throw casesErrors.fail('SLA_RESPONSE_AFTER_RESOLUTION', {
        name: policy.name,
        responseMinutes: policy.responseMinutes,
        resolutionMinutes: policy.resolutionMinutes,
      });
  }
  const ids = calendars.map((calendar) => calendar.id);
  if (!ids.includes('default')) throw casesErrors.fail('UNKNOWN_CALENDAR', { value: 'default', allowed: ids.join(', ') });
  for (const calendarId of Object.values(settings.teamCalendars))
    if (!ids.includes(calendarId)) throw casesErrors.fail('UNKNOWN_CALENDAR', { value: calendarId, allowed: ids.join(', ') });
  return { ...settings, calendars };
}

/** The policy a case gets: the first that matches its type, priority and account; the last policy catches the rest. */
export function policyFor(
  settings: ServiceSettings,
  facts: { type: CaseType; priority: CasePriority; keyAccount: boolean; teamId?: string },
): CaseSla {
  const matches = (policy: SlaPolicy) =>
    (policy.types.length === 0 || policy.types.includes(facts.type)) &&
    (policy.priorities.length === 0 || policy.priorities.includes(facts.priority)) &&
    (!policy.keyAccountsOnly || facts.keyAccount);
  const policy = settings.policies.find(matches) ?? settings.policies.at(-1)!;
  return {
    policyId: policy.id,
    calendarId: calendarIdFor(settings, facts.teamId),
    responseMinutes: policy.responseMinutes,
    resolutionMinutes: policy.resolutionMinutes,
    warnPercent: policy.warnPercent,
  };
}

const calendarIdFor = (settings: ServiceSettings, teamId: string | undefined): string =>
  (teamId && settings.teamCalendars[teamId]) || 'default';

/** The calendar a case's clocks run on; the default one when its calendar was removed since. */
export function calendarOf(settings: ServiceSettings, calendarId: string): BusinessCalendar {
  return (
    settings.calendars.find((calendar) => calendar.id === calendarId) ??
    settings.calendars.find((c) => c.id === 'default') ??
    defaultCalendar
  );
}

export const isPausedStatus = (settings: ServiceSettings, status: CaseStatus) => settings.pausedStatuses.includes(status);
