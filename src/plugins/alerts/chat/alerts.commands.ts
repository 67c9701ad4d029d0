// The `alerts` · `提醒` chat command: the tenant's rules at a glance, and the rule builder opened as a Teams dialog.
import { adaptiveCard, facts, heading, paragraph, plain, type CardElement } from '../../../cards/adaptive-card';
import type { BotCommand, CommandInput } from '../../../core/plugin';
import type { RulesService } from '../rules.service';

/** Rules the chat card lists; the tab has them all. */
const listed = 15;

/** The Teams dialog (task module) this button opens; the bot answers `task/fetch` with the rule builder's page. */
export const rulesDialogId = 'alerts.rules';

export function alertsCommands(deps: { rules: RulesService; remember(input: CommandInput): Promise<void> }): BotCommand[] {
  return [
    {
      name: 'alerts.rules',
      triggers: { en: ['alerts', 'alert rules'], 'zh-CN': ['提醒', '提醒规则'] },
      usage: 'chat.usage',
      example: 'chat.example',
      async run(input) {
        await deps.remember(input);
        const { t, actor } = input;
        const rules = await deps.rules.list(actor);
        const on = rules.filter((rule) => rule.enabled).length;
        const body: CardElement[] = [
          heading(t('alerts.chat.title')),
          paragraph(t('alerts.chat.summary', { on, total: rules.length }), { isSubtle: true, spacing: 'None' }),
          facts(
            rules
              .slice(0, 15)
              .map((rule) => [
                `${rule.enabled ? '●' : '○'} ${plain(rule.name)}`,
                `${t(`alerts.condition.${rule.condition}.name`)} · ${t(rule.enabled ? 'alerts.chat.on' : 'alerts.chat.off')}`,
              ]),
          ),
          ...(rules.length > listed
            ? [paragraph(t('alerts.digest.more', { count: rules.length - listed }), { isSubtle: true, size: 'Small' })]
            : []),
          ...(deps.rules.canManage(actor) ? [] : [paragraph(t('alerts.chat.readOnly'), { isSubtle: true, size: 'Small' })]),
        ];
        const open = {
          type: 'Action.Submit',
          title: t('alerts.chat.open'),
          data: { msteams: { type: 'task/fetch' }, dialog: rulesDialogId },
        };
        return { card: adaptiveCard(body, [open]) };
      },
    },
  ];
}
