// Who is speaking and in which language, read from a Teams activity.
import type { Activity, TurnContext } from 'botbuilder';
import type { Actor } from '../src/core/actor';
import { AppError } from '../src/core/errors';
import { resolveLocale, type Locale } from '../src/core/i18n';

/** Tenant from `channelData.tenant.id`, user from `from.aadObjectId`; an activity without a tenant is refused. */
export function actorFromActivity(activity: Partial<Activity>): Actor {
  const tenantId = tenantOfActivity(activity);
  if (!tenantId) throw new AppError('TENANT_REQUIRED');
  const from = activity.from;
  const userId = from?.aadObjectId ?? from?.id;
  if (!userId) throw new AppError('UNAUTHENTICATED', {}, { reason: 'activity has no sender' });
  return { tenantId, userId, displayName: from?.name ?? userId, roles: ['rep'] };
}

function tenantOfActivity(activity: Partial<Activity>): string | undefined {
  return (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id ?? activity.conversation?.tenantId;
}

const localActorKey = Symbol('localActor');

/**
 * Local development mode: the turn acts as `actor` whatever tenant and user the activity names. The Agents
 * Playground sends a tenant and user of its own, which would otherwise chat against a CRM the tabs never show.
 */
export function actAsLocalActor(context: TurnContext, actor: Actor): void {
  context.turnState.set(localActorKey, actor);
}

/** The person a turn acts as: the local development actor when one is set, otherwise the activity's sender. */
export function actorOfTurn(context: TurnContext): Actor {
  return (context.turnState.get(localActorKey) as Actor | undefined) ?? actorFromActivity(context.activity);
}

/** The tenant a turn acts for, when it names one (the local development actor's in that mode). */
export function tenantOfTurn(context: TurnContext): string | undefined {
  return (context.turnState.get(localActorKey) as Actor | undefined)?.tenantId ?? tenantOfActivity(context.activity);
}

export function localeFromActivity(activity: Partial<Activity>): Locale {
  return resolveLocale(activity.locale ?? (activity.entities?.find((e) => e.type === 'clientInfo') as { locale?: string } | undefined)?.locale);
}

export function timeZoneFromActivity(activity: Partial<Activity>): string | undefined {
  return (activity.entities?.find((e) => e.type === 'clientInfo') as { timezone?: string } | undefined)?.timezone;
}
