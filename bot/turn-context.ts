// Who is speaking and in which language, read from a Teams activity.
import type { Activity, TurnContext } from 'botbuilder';
import type { Identity, SignedIn } from '../src/core/access';
import { AppError } from '../src/core/errors';
import { resolveLocale, type Locale } from '../src/core/i18n';

/** Tenant from `channelData.tenant.id`, user from `from.aadObjectId`; an activity without a tenant is refused. The roles come from the people directory. */
export function identityFromActivity(activity: Partial<Activity>): Identity {
  const tenantId = tenantOfActivity(activity);
  if (!tenantId) throw new AppError('TENANT_REQUIRED');
  const from = activity.from;
  const userId = from?.aadObjectId ?? from?.id;
  if (!userId) throw new AppError('UNAUTHENTICATED', {}, { reason: 'activity has no sender' });
  return { tenantId, userId, displayName: from?.name ?? userId };
}

function tenantOfActivity(activity: Partial<Activity>): string | undefined {
  return (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id ?? activity.conversation?.tenantId;
}

const localActorKey = Symbol('localActor');

/**
 * Local development mode: the turn acts as `actor` whatever tenant and user the activity names. The Agents
 * Playground sends a tenant and user of its own, which would otherwise chat against a CRM the tabs never show.
 */
export function actAsLocalActor(context: TurnContext, signedIn: SignedIn): void {
  context.turnState.set(localActorKey, signedIn);
}

/** Who a turn comes from: the local development person when one is set (with the roles asked for), otherwise the activity's sender. */
export function signedInOfTurn(context: TurnContext): SignedIn {
  return (context.turnState.get(localActorKey) as SignedIn | undefined) ?? identityFromActivity(context.activity);
}

/** The tenant a turn acts for, when it names one (the local development actor's in that mode). */
export function tenantOfTurn(context: TurnContext): string | undefined {
  return (context.turnState.get(localActorKey) as SignedIn | undefined)?.tenantId ?? tenantOfActivity(context.activity);
}

export function localeFromActivity(activity: Partial<Activity>): Locale {
  return resolveLocale(
    activity.locale ?? (activity.entities?.find((e) => e.type === 'clientInfo') as { locale?: string } | undefined)?.locale,
  );
}

export function timeZoneFromActivity(activity: Partial<Activity>): string | undefined {
  return (activity.entities?.find((e) => e.type === 'clientInfo') as { timezone?: string } | undefined)?.timezone;
}
