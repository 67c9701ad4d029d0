// "Create case from message": a chat message action that opens a service case from the selected message, on the account it names for certain (or the one picked).
import { z } from 'zod';
import type { Translate } from '../../../core/i18n';
import type { BotReply, MessageAction } from '../../../core/plugin';
import { adaptiveCard, paragraph, plain } from '../../../cards/adaptive-card';
import { createAccountLookup, type Account, type AccountHit } from '../../accounts';
import { caseLabel } from '../case.schema';
import { casesErrors } from '../cases.errors';
import { serviceTeamsOf, type CasesChatDeps } from './cases-chat.deps';
import { parseNewCase, titleAndDescription } from './new-case.parser';

/** The manifest's message action id. */
export const createCaseCommandId = 'createCase';

/** `account` is what the user typed in the action's field; `accountId` comes back from the pick-list dialog. */
const dataSchema = z.looseObject({ account: z.string().max(1000).optional(), accountId: z.uuid().optional() });
const descriptionMax = 4000;

/** A dialog asking for the account when the message names none for certain; sending it submits the action again. */
function askAccountCard(t: Translate) {
  return adaptiveCard(
    [
      paragraph(t('cases.chat.fromMessage.askAccount'), { weight: 'Bolder' }),
      {
        type: 'Input.Text',
        id: 'account',
        label: t('cases.chat.fromMessage.accountLabel'),
        maxLength: 200,
        isRequired: true,
        errorMessage: t('cases.chat.form.required'),
      },
    ],
    [{ type: 'Action.Submit', title: t('cases.chat.fromMessage.open') }],
  );
}

function pickAccountCard(t: Translate, typed: string, candidates: AccountHit[]) {
  return adaptiveCard(
    [
      paragraph(t('cases.chat.fromMessage.pickTitle', { name: plain(typed) }), { weight: 'Bolder' }),
      {
        type: 'Input.ChoiceSet',
        id: 'accountId',
        label: t('cases.chat.fromMessage.pickLabel'),
        style: 'expanded',
        isRequired: true,
        errorMessage: t('cases.chat.fromMessage.pickRequired'),
        choices: candidates.map((hit) => ({ title: [hit.name, hit.region].filter(Boolean).join(' · '), value: hit.accountId })),
      },
    ],
    [{ type: 'Action.Submit', title: t('cases.chat.fromMessage.open') }],
  );
}

function confirmAccountCard(t: Translate, typed: string, hit: AccountHit) {
  return adaptiveCard(
    [paragraph(t('cases.chat.fromMessage.confirmTitle', { name: plain(typed), match: plain(hit.name) }), { weight: 'Bolder' })],
    [{ type: 'Action.Submit', title: t('cases.chat.fromMessage.confirmOpen', { match: hit.name }), data: { accountId: hit.accountId } }],
  );
}

export function createCaseAction(deps: CasesChatDeps): MessageAction {
  const { service, accounts } = deps;
  const lookup = createAccountLookup(accounts);

  /** The account: picked in the dialog, typed in the action's field, or named by the message's first words for certain. */
  async function target(
    tenantId: string,
    t: Translate,
    data: unknown,
    text: string,
  ): Promise<{ account: Account; rest: string } | BotReply> {
    const parsed = dataSchema.safeParse(data);
    if (parsed.success && parsed.data.accountId)
      return { account: (await accounts.getAccount(tenantId, parsed.data.accountId)).value, rest: text };
    const typed = parsed.success ? (parsed.data.account?.trim() ?? '') : '';
    if (typed !== '') {
      const choice = await lookup.exactly(tenantId, typed, 5);
      if (choice.kind === 'found') return { account: choice.account, rest: text };
      if (choice.kind === 'partial') return { card: confirmAccountCard(t, typed, choice.hit) };
      if (choice.kind === 'several') return { card: pickAccountCard(t, typed, choice.hits) };
      return { text: t('cases.chat.fromMessage.unknown', { name: typed.slice(0, 200) }) };
    }
    // The message itself: only an account its first words name exactly is taken; anything less is asked.
    const named = await lookup.byName(tenantId, text.split(/\r?\n/u)[0]!.slice(0, 200));
    if (named.kind === 'found') return { account: named.account, rest: named.rest || text };
    if (named.kind === 'several' && named.hits.length > 1) return { card: pickAccountCard(t, named.typed, named.hits) };
    return { card: askAccountCard(t) };
  }

  return {
    commandId: createCaseCommandId,
    async run({ actor, t, locale, data, message, activityId }) {
      const text = message.text.trim();
      if (text === '') return { text: t('cases.chat.fromMessage.empty') };
      const found = await target(actor.tenantId, t, data, text);
      if (!('account' in found)) return found;
      const parsed = parseNewCase(found.rest);
      const about = parsed.ok ? (parsed.account ? `${parsed.account}: ${parsed.text}` : parsed.text) : found.rest;
      const { title } = titleAndDescription(about.split(/\r?\n/u).find((line) => line.trim() !== '') ?? about);
      if (!title) return { text: t('cases.chat.fromMessage.empty') };
      if (!parsed.ok && parsed.reason === 'badPriority')
        return { text: casesErrors.fail('CASE_PRIORITY_UNKNOWN', { value: parsed.detail }).localisedMessage(locale) };
      const [team] = await serviceTeamsOf(deps, actor.tenantId, actor.userId);
      const once = message.id ? `message:${message.id}` : activityId && `invoke:${activityId}`;
      const detail = await service.openCase(
        actor,
        {
          title,
          description: text.slice(0, descriptionMax),
          type: parsed.ok && parsed.type ? parsed.type : 'after-sales',
          priority: parsed.ok && parsed.priority ? parsed.priority : 'normal',
          channel: 'chat',
          accountId: found.account.id,
          ...(team ? { teamId: team.id } : {}),
        },
        once ? { once } : {},
      );
      return {
        text: t('cases.chat.fromMessage.opened', {
          label: caseLabel(detail.case.number),
          account: detail.case.accountName,
          title: detail.case.title,
        }),
      };
    },
  };
}
