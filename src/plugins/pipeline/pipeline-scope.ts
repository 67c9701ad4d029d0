// Scopes and periods: which rollups a deal counts in, which one a view reads, and month ranges for period figures.
import { outOfScope, type Visibility } from '../../core/access';
import { AppError } from '../../core/errors';
import { pipelineErrors } from './pipeline.errors';
import type { Period, PipelineScope } from './pipeline.service';

/** A rollup scope key: `all`, or one dimension and its normalised value (`owner:…`, `team:…`, `industry:…`, `region:…`). */
export type ScopeKey = string;

const normalise = (value: string) => value.normalize('NFKC').trim().toLowerCase().replace(/\s+/gu, ' ');

/** The fields of a deal that decide its scopes. */
export interface ScopedDeal {
  ownerId: string;
  team?: string;
  industry?: string;
  region?: string;
}

/** Every scope a deal counts in: the whole tenant, its owner, and its team, industry and region when set. */
export function scopesOf(deal: ScopedDeal): ScopeKey[] {
  const keys = ['all', `owner:${deal.ownerId}`];
  if (deal.team) keys.push(`team:${normalise(deal.team)}`);
  if (deal.industry) keys.push(`industry:${normalise(deal.industry)}`);
  if (deal.region) keys.push(`region:${normalise(deal.region)}`);
  return keys;
}

/** The scope a view reads. Rollups are kept per dimension, so a view filters by at most one of them. */
export function scopeKeyOf(scope: PipelineScope): ScopeKey {
  const given = (['ownerId', 'team', 'industry', 'region'] as const).filter((name) => scope[name] !== undefined && scope[name] !== '');
  if (given.length > 1) throw pipelineErrors.fail('ONE_SCOPE_FILTER', { filters: given.join(', ') }, { filters: given });
  if (scope.ownerId) return `owner:${scope.ownerId}`;
  if (scope.team) return `team:${normalise(scope.team)}`;
  if (scope.industry) return `industry:${normalise(scope.industry)}`;
  if (scope.region) return `region:${normalise(scope.region)}`;
  return 'all';
}

/**
 * The rollup scopes a view reads for a viewer (access.ts). Someone who sees everyone reads the scope they asked for.
 * Anyone else reads the sum of the owners they may see: all of them, one of them (`ownerId`), or the members of one of
 * their open teams (`team`, by the team's name in the people directory). Industry and region rollups hold every
 * owner's deals, and anything outside their reach is OUT_OF_SCOPE.
 */
export function viewScopes(scope: PipelineScope, visibility: Visibility): ScopeKey[] {
  const key = scopeKeyOf(scope);
  if (visibility.everyone) return [key];
  const owners = (ids: readonly string[]) => ids.map((id): ScopeKey => `owner:${id}`);
  if (scope.ownerId) {
    if (!visibility.ownerIds.includes(scope.ownerId)) throw outOfScope(scope.ownerId);
    return [key];
  }
  if (scope.team) {
    const team = visibility.teams.find((open) => normalise(open.name) === normalise(scope.team!));
    if (!team) throw outOfScope(scope.team);
    return owners(team.memberIds);
  }
  if (scope.industry || scope.region) throw outOfScope((scope.industry || scope.region)!);
  return owners(visibility.ownerIds);
}

/** True when a deal belongs to the scope (used to filter index rows of the tenant-wide column). */
export function inScope(deal: ScopedDeal, key: ScopeKey): boolean {
  return scopesOf(deal).includes(key);
}

export const monthOf = (iso: string): string => iso.slice(0, 7);

export function quarterOf(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return `${year}-Q${Math.floor((m - 1) / 3) + 1}`;
}

/** The months of the quarter that holds `now`, as a period. */
export function currentQuarter(now: Date): Period {
  const year = now.getUTCFullYear();
  const first = Math.floor(now.getUTCMonth() / 3) * 3 + 1;
  const pad = (m: number) => `${year}-${String(m).padStart(2, '0')}`;
  return { from: pad(first), to: pad(first + 2) };
}

/** Periods longer than this would read too many month rows in one request. */
export const maxPeriodMonths = 36;

/** Every month from `from` to `to`, both included. */
export function monthsOf(period: Period): string[] {
  const months: string[] = [];
  let [year, month] = period.from.split('-').map(Number) as [number, number];
  while (months.length <= maxPeriodMonths) {
    const key = `${year}-${String(month).padStart(2, '0')}`;
    if (key > period.to) break;
    months.push(key);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  if (months.length === 0 || months.length > maxPeriodMonths) {
    throw new AppError(
      'VALIDATION_FAILED',
      { summary: `to: the period runs from ${period.from} to ${period.to}; it must be 1 to ${maxPeriodMonths} months` },
      [{ path: 'to', message: 'period' }],
    );
  }
  return months;
}

/** Whole UTC calendar days from `from` to `to`; a deal entered yesterday has been in its stage 1 day. */
export function calendarDays(from: string, to: Date): number {
  const day = (ms: number) => Math.floor(ms / 86_400_000);
  return Math.max(0, day(to.getTime()) - day(Date.parse(from)));
}

/** Days between two instants, to two decimals (dwell samples). */
export const daysBetween = (from: string, to: string): number =>
  Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 864_000) / 100);
