// "Save to CRM": a chat message action that logs the selected message as a note 备注 on the account the user names (or confirms or picks).
import { z } from 'zod';
import type { Clock } from '../../core/clock';
import type { Translate } from '../../core/i18n';
import type { BotReply, MessageAction } from '../../core/plugin';
import { adaptiveCard, paragraph, plain } from '../../cards/adaptive-card';
import { azureLimits } from '../../storage/limits';
import { createAccountLookup, type AccountHit, type AccountsService } from '../accounts';
import type { ActivitiesService } from './activities.service';
import { isValidTimeZone } from './activity-time';

/** The manifest's message action id. */
export const saveToCrmCommandId = 'saveToCrm';

const subjectChars = 200;

/** `account` is what the user typed in the action's parameter; `accountId` comes back from the pick-list dialog. */
const dataSchema = z.looseObject({ account: z.string().max(1000).optional(), accountId: z.uuid().optional() });
const instantSchema = z.iso.datetime({ offset: true });

/** The first line with text, without control characters, cut to what a subject holds. */
export function noteSubject(text: string): string {
  const line = text.split(/\r?\n/).find((candidate) => candidate.trim() !== '') ?? '';
  const chars = Array.from(
    line
      .replace(/[\u0000-\u001f\u007f]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  );
  return chars.length <= subjectChars ? chars.join('') : `${chars.slice(0, subjectChars - 1).join('')}…`;
}

/** A dialog listing the accounts the name could mean; choosing one submits the action again with its id. */
function pickAccountCard(t: Translate, typed: string, candidates: AccountHit[]) {
  return adaptiveCard(
    [
      paragraph(t('activities.saveToCrm.pickTitle', { name: plain(typed) }), { weight: 'Bolder' }),
      {
        type: 'Input.ChoiceSet',
        id: 'accountId',
        label: t('activities.saveToCrm.pickLabel'),
        style: 'expanded',
        isRequired: true,
        errorMessage: t('activities.saveToCrm.pickRequired'),
        choices: candidates.map((hit) => ({ title: [hit.name, hit.region].filter(Boolean).join(' · '), value: hit.accountId })),
      },
    ],
    [{ type: 'Action.Submit', title: t('activities.saveToCrm.pickSave') }],
  );
}

/** A dialog asking whether the one account the name begins is meant; saving submits the action again with its id. */
function confirmAccountCard(t: Translate, typed: string, hit: AccountHit) {
  return adaptiveCard(
    [paragraph(t('activities.saveToCrm.confirmTitle', { name: plain(typed), match: plain(hit.name) }), { weight: 'Bolder' })],
    [{ type: 'Action.Submit', title: t('activities.saveToCrm.confirmSave', { match: hit.name }), data: { accountId: hit.accountId } }],
  );
}

export function saveToCrmAction(
  accounts: AccountsService,
  activities: Pick<ActivitiesService, 'logActivity'>,
  clock: Clock,
): MessageAction {
  const lookup = createAccountLookup(accounts);
  async function target(tenantId: string, t: Translate, data: unknown): Promise<{ accountId: string; name: string } | BotReply> {
    const parsed = dataSchema.safeParse(data);
    if (parsed.success && parsed.data.accountId) {
      const account = await accounts.getAccount(tenantId, parsed.data.accountId);
      return { accountId: account.value.id, name: account.value.name };
    }
    const typed = parsed.success ? (parsed.data.account?.trim() ?? '') : '';
    if (typed === '') return { text: t('activities.saveToCrm.accountMissing') };
    const choice = await lookup.exactly(tenantId, typed, 5);
    if (choice.kind === 'found') return { accountId: choice.account.id, name: choice.account.name };
    if (choice.kind === 'partial') return { card: confirmAccountCard(t, typed, choice.hit) };
    if (choice.kind === 'several') return { card: pickAccountCard(t, typed, choice.hits) };
    return { text: t('activities.saveToCrm.unknownAccount', { name: typed.slice(0, 200) }) };
  }

  return {
    commandId: saveToCrmCommandId,
    async run({ actor, t, data, message, timeZone, activityId }) {
      const text = message.text.trim();
      if (text === '') return { text: t('activities.saveToCrm.empty') };
      // Checked before anything is read or written: an over-long message is refused with a clear answer, not stored in part.
      if (text.length > azureLimits.stringChars)
        return { text: t('activities.saveToCrm.tooLong', { length: text.length, limit: azureLimits.stringChars }) };
      const account = await target(actor.tenantId, t, data);
      if (!('accountId' in account)) return account;

      const createdAt = instantSchema.safeParse(message.createdAt);
      const { activity, created } = await activities.logActivity(
        actor,
        {
          accountId: account.accountId,
          type: 'note',
          subject: noteSubject(text),
          notes: text,
          occurredAt: createdAt.success ? createdAt.data : clock.now().toISOString(),
          timeZone: timeZone && isValidTimeZone(timeZone) ? timeZone : 'UTC',
        },
        // One note per message and user, however often it is saved or Teams redelivers the invoke.
        { source: 'message', idempotencyKey: message.id ? `message:${message.id}` : activityId && `invoke:${activityId}` },
      );
      if (created) return { text: t('activities.saveToCrm.saved', { account: account.name }) };
      const savedTo =
        activity.value.accountId === account.accountId
          ? account.name
          : (await accounts.getAccount(actor.tenantId, activity.value.accountId)).value.name;
      return { text: t('activities.saveToCrm.alreadySaved', { account: savedTo }) };
    },
  };
}
