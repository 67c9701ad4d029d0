// Who is speaking and in which language, read from a Teams activity.
import type { Activity } from 'botbuilder';
import type { Actor } from '../src/core/actor';
import { AppError } from '../src/core/errors';
import { resolveLocale, type Locale } from '../src/core/i18n';

export interface TurnIdentity {
  /** Used when an activity carries no tenant: only in local development mode (the Agents Playground, tests). */
  devTenantId?: string;
}

/** Tenant from `channelData.tenant.id`, user from `from.aadObjectId`; no tenant outside dev mode is refused. */
export function actorFromActivity(activity: Partial<Activity>, identity: TurnIdentity): Actor {
  const tenantId = (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id ?? activity.conversation?.tenantId ?? identity.devTenantId;
  if (!tenantId) throw new AppError('TENANT_REQUIRED');
  const from = activity.from;
  const userId = from?.aadObjectId ?? from?.id;
  if (!userId) throw new AppError('UNAUTHENTICATED', {}, { reason: 'activity has no sender' });
  return { tenantId, userId, displayName: from?.name ?? userId, roles: ['rep'] };
}

export function localeFromActivity(activity: Partial<Activity>): Locale {
  return resolveLocale(activity.locale ?? (activity.entities?.find((e) => e.type === 'clientInfo') as { locale?: string } | undefined)?.locale);
}

export function timeZoneFromActivity(activity: Partial<Activity>): string | undefined {
  return (activity.entities?.find((e) => e.type === 'clientInfo') as { timezone?: string } | undefined)?.timezone;
}
