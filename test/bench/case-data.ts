// A seeded generator of a service desk's cases as stored: open ones across statuses, priorities and due times, closed ones over a year.
import { seededRandom } from '../../src/demo/crm-data.generator';
import {
  afterSalesKinds,
  caseChannels,
  complaintCauses,
  type Case,
  type CaseEntry,
  type CasePriority,
  type CaseRow,
  type CaseStatus,
  type CaseType,
} from '../../src/plugins/cases/case.schema';
import { withClocks } from '../../src/plugins/cases/sla/case-clocks';
import { calendarOf, isKeyAccount, policyFor, type ServiceSettings } from '../../src/plugins/cases/sla/service-settings';

const minute = 60_000;
const day = 24 * 60 * minute;

export interface DeskAccount {
  id: string;
  name: string;
  ownerId?: string;
  tags: readonly string[];
}

export interface DeskTeam {
  id: string;
  name: string;
  /** The agents who work its queue and own its cases. */
  memberIds: string[];
}

/** A case and its first timeline line, ready to be written together. */
export interface SeedCase {
  row: CaseRow;
  entry: CaseEntry;
}

type Weighted<T> = readonly (readonly [T, number])[];

function weighted<T>(random: () => number, choices: Weighted<T>): T {
  const total = choices.reduce((sum, [, weight]) => sum + weight, 0);
  let left = random() * total;
  for (const [value, weight] of choices) if ((left -= weight) < 0) return value;
  return choices.at(-1)![0];
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
/** Log-normal around `median`: most replies and resolutions are quick, a few take far longer. */
const around = (random: () => number, median: number) =>
  median * Math.exp(1.1 * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random()));
const iso = (ms: number) => new Date(Math.round(ms / 1000) * 1000).toISOString();

const types: Weighted<CaseType> = [
  ['after-sales', 60],
  ['pre-sales', 12],
  ['in-sales', 13],
  ['complaint', 15],
];
const priorities: Weighted<CasePriority> = [
  ['low', 15],
  ['normal', 55],
  ['high', 22],
  ['urgent', 8],
];
/** Open cases: most are being worked, some wait on the customer, a few are resolved and not yet closed. */
const openStatuses: Weighted<Exclude<CaseStatus, 'closed'>> = [
  ['new', 25],
  ['in-progress', 45],
  ['waiting', 20],
  ['resolved', 10],
];
const titles = [
  'Printer jams on every job',
  'Invoice charged twice',
  '发票金额有误',
  'Delivery arrived damaged',
  '安装预约需要改期',
  'Cannot sign in to the portal',
  '退货流程咨询',
  'Quote for 200 more seats',
  'Spare parts out of stock',
  '培训课程时间确认',
];
const resolutions = [
  'Replaced the unit on site',
  'Refunded the second charge',
  '已重新开具发票',
  'Sent new login link',
  '已安排上门维修',
  'Explained the warranty terms',
];

/**
 * Case `index` of one seeded desk: `number` its case number, opened at `openedAt` (ms), and closed or not. An open
 * case's clocks are worked out at `now`, a closed one's at its close, each by the plugin's own `withClocks`, so its due
 * times, marks and queue order are what live writes would have given it.
 */
export function generateCase(
  seed: number,
  index: number,
  context: {
    number: number;
    openedAt: number;
    closed: boolean;
    now: number;
    accounts: readonly DeskAccount[];
    teams: readonly DeskTeam[];
    settings: ServiceSettings;
  },
): SeedCase {
  const random = seededRandom(seed * 9_000_011 + index);
  const { number, openedAt, now } = context;
  const account = pick(random, context.accounts);
  const team = pick(random, context.teams);
  const type = weighted(random, types);
  const priority = weighted(random, priorities);
  const keyAccount = isKeyAccount(account.tags);
  const status: CaseStatus = context.closed ? 'closed' : weighted(random, openStatuses);
  const openedBy = random() < 0.6 ? pick(random, team.memberIds) : (account.ownerId ?? pick(random, team.memberIds));
  const ownerId = status === 'new' && random() < 0.7 ? undefined : pick(random, team.memberIds);
  const sla = policyFor(context.settings, { type, priority, keyAccount, teamId: team.id });
  // Replies and resolutions in wall-clock time around the policy's targets, so some clocks are met and some breached.
  const limit = context.closed ? now : now - minute;
  const replied = status === 'new' ? undefined : Math.min(limit, openedAt + around(random, sla.responseMinutes * 0.8 * minute));
  const resolved =
    status === 'resolved' || status === 'closed'
      ? Math.min(limit, Math.max(replied ?? openedAt, openedAt + around(random, sla.resolutionMinutes * 1.6 * minute)))
      : undefined;
  const closedAt = status === 'closed' ? Math.min(now, resolved! + random() * 3 * day) : undefined;
  const waitingSince = status === 'waiting' ? (replied ?? openedAt) + random() * Math.max(0, limit - (replied ?? openedAt)) : undefined;
  const rated = resolved !== undefined && random() < 0.6;
  const current: Case = {
    number,
    title: pick(random, titles),
    description: 'Imported from the previous service desk.',
    type,
    ...(type === 'after-sales' ? { afterSalesKind: pick(random, afterSalesKinds) } : {}),
    channel: pick(random, caseChannels),
    priority,
    status,
    accountId: account.id,
    accountName: account.name,
    ...(account.ownerId ? { accountOwnerId: account.ownerId } : {}),
    keyAccount,
    contactIds: [],
    ...(ownerId ? { ownerId, ownerName: `Agent ${ownerId}` } : {}),
    teamId: team.id,
    teamName: team.name,
    openedBy,
    openedByName: `Agent ${openedBy}`,
    openedAt: iso(openedAt),
    updatedAt: iso(closedAt ?? resolved ?? waitingSince ?? replied ?? openedAt),
    ...(replied ? { firstResponseAt: iso(replied) } : {}),
    ...(resolved ? { resolvedAt: iso(resolved), resolution: pick(random, resolutions) } : {}),
    ...(closedAt ? { closedAt: iso(closedAt) } : {}),
    sla,
    pauses: waitingSince ? [{ from: iso(waitingSince) }] : [],
    marks: {},
    due: {},
    ...(type === 'complaint' ? { complaint: complaintOf(random, status) } : {}),
    ...(rated ? { satisfaction: { rating: weighted(random, ratings), at: iso(resolved!), byUserId: openedBy } } : {}),
    activityIds: [],
  };
  const clockedAt = new Date(closedAt ?? now);
  const { next } = withClocks(current, calendarOf(context.settings, sla.calendarId), clockedAt);
  const entry: CaseEntry = {
    seq: 1,
    kind: 'opened',
    at: current.openedAt,
    byUserId: openedBy,
    byName: current.openedByName,
    detail: type === 'complaint' ? { step: 1 } : {},
  };
  return { row: { ...next, version: 1, entries: 1 }, entry };
}

const ratings: Weighted<number> = [
  [5, 45],
  [4, 30],
  [3, 12],
  [2, 7],
  [1, 6],
];

/** A complaint's workflow as far as its status implies: recorded, analysed (with a cause) and resolved, reviewed once closed. */
function complaintOf(random: () => number, status: CaseStatus): NonNullable<Case['complaint']> {
  const step = { new: 1, 'in-progress': 2 + Math.floor(random() * 4), waiting: 3 + Math.floor(random() * 3), resolved: 7, closed: 8 }[
    status
  ];
  return {
    step,
    ...(step >= 2 ? { valid: true } : {}),
    ...(step >= 3 ? { department: pick(random, ['Billing', 'Logistics', 'Field service', '客服部']) } : {}),
    ...(step >= 4 ? { cause: pick(random, complaintCauses) } : {}),
  };
}

/**
 * When each case opened, oldest first, so numbers rise with time as live ones do: closed cases spread over the past
 * twelve months (opened early enough to be resolved and closed since), open ones over the past weeks, most of them recent.
 */
export function openingTimes(seed: number, counts: { open: number; closed: number }, now: number): { openedAt: number; closed: boolean }[] {
  const random = seededRandom(seed * 5_000_011);
  const closed = Array.from({ length: counts.closed }, () => ({ openedAt: now - 7 * day - random() * 358 * day, closed: true }));
  const open = Array.from({ length: counts.open }, () => ({
    openedAt: now - Math.min(60 * day, -Math.log(1 - random()) * 4 * day) - minute,
    closed: false,
  }));
  return [...closed, ...open].sort((a, b) => a.openedAt - b.openedAt);
}
