// The activities plugin's public service: logging touchpoints, the account timeline, follow-ups and the daily work report.
import type { Actor } from '../../core/actor';
import type { Page, PageRequest, Stored } from '../../storage/repository';
import type { Activity, ActivityChanges, ActivityType, NewActivity } from './activity.schema';

export interface LogOptions {
  /** Where the activity came from. */
  source: Activity['source'];
  /**
   * Teams may deliver the same activity twice: a second call with the same key returns the first
   * activity and stores nothing (`created: false`).
   */
  idempotencyKey?: string;
}

/** The daily work report 日工作报表 of one person for one local day. */
export interface DailyReport {
  date: string;
  timeZone: string;
  countsByType: Partial<Record<ActivityType, number>>;
  activities: { id: string; accountId: string; accountName: string; type: ActivityType; subject: string; occurredAt: string }[];
  followUpsDue: FollowUp[];
  followUpsOverdue: FollowUp[];
}

export interface FollowUp {
  activityId: string;
  accountId: string;
  accountName: string;
  subject: string;
  nextStep?: string;
  followUpOn: string;
}

export interface ActivityFilters {
  accountId?: string;
  authorId?: string;
  type?: ActivityType;
  /** Local dates, inclusive. */
  from?: string;
  to?: string;
}

export interface ActivitiesService {
  logActivity(actor: Actor, input: NewActivity, options: LogOptions): Promise<{ activity: Stored<Activity>; created: boolean }>;
  getActivity(tenantId: string, id: string): Promise<Stored<Activity>>;
  updateActivity(actor: Actor, id: string, changes: ActivityChanges, etag: string): Promise<Stored<Activity>>;
  /** Deletes the activity if it is still at the version `etag` names (CONFLICT otherwise); it leaves every list and count. */
  deleteActivity(actor: Actor, id: string, etag: string): Promise<void>;
  /** An account's activities, newest first. */
  timeline(tenantId: string, accountId: string, request: PageRequest): Promise<Page<Activity>>;
  listActivities(tenantId: string, filters: ActivityFilters, request: PageRequest): Promise<Page<Activity>>;
  /** Recent activities and open follow-ups of one account, from its views. */
  accountDigest(tenantId: string, accountId: string): Promise<{ recent: DailyReport['activities']; openFollowUps: FollowUp[] }>;
  dailyReport(actor: Actor, date: string, timeZone: string): Promise<DailyReport>;
  /** For the tenant's own background work (alerts), not for a person: an author's open follow-ups due on or before `date`, earliest first. */
  followUpsOf(tenantId: string, authorId: string, date: string): Promise<FollowUp[]>;
  /** Activities each author logged from `from` to `to` (local dates, inclusive), by author id; from the day counts, never the activities. */
  activityCounts(tenantId: string, authorIds: readonly string[], from: string, to: string): Promise<Record<string, number>>;
}
