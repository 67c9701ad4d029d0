// Chat commands of the pipeline plugin: the summary (管线), new opportunity (新建商机), move (推进), won / lost (赢单 / 丢单), new lead (新建线索), qualify lead (评估线索), convert lead (转化线索).
import { isAdmin } from '../../../core/access';
import { systemClock } from '../../../core/clock';
import type { Translate } from '../../../core/i18n';
import type { BotCommand, BotReply, CommandInput } from '../../../core/plugin';
import type { Stage } from '../pipeline.schema';
import type { PipelineScope } from '../pipeline.service';
import { createDealMoves } from './deal-moves';
import { parseMoveArgs, splitReason } from './deal-command.parser';
import { manCriteria, parseQualify } from './man.parser';
import { createNewDealFlow } from './new-deal.flow';
import { parseNewOpportunity } from './new-opportunity.parser';
import type { PipelineChatDeps } from './pipeline-chat.deps';
import { allScopeWords, teamScopeWords, triggersOf } from './pipeline-chat.words';
import { parseConvert, parseNewLead, type ConvertParse } from './lead-command.parser';
import { createLeadFlow } from './lead.flow';
import { createLeadSearch } from './lead-search';
import { createQualifyFlow } from './qualify-lead.flow';
import { closingStage, enterableStages, matchStage } from './stage-match';
import { summaryCard } from './summary.card';

export type { PipelineChatDeps, PipelineLinks } from './pipeline-chat.deps';

/** The answer to a `convert lead` line that could not be read. */
const convertHints: Record<Exclude<ConvertParse, { ok: true }>['reason'], string> = {
  emptyArgs: 'pipeline.chat.convert.hint.which',
  missingName: 'pipeline.chat.convert.hint.which',
  missingAccount: 'pipeline.chat.convert.hint.which',
  unknownField: 'pipeline.chat.convert.hint.badField',
  duplicateField: 'pipeline.chat.convert.hint.badField',
  badValue: 'pipeline.chat.convert.hint.badField',
  badCloseDate: 'pipeline.chat.new.hint.badCloseDate',
  pastCloseDate: 'pipeline.chat.new.hint.pastCloseDate',
  badAmount: 'pipeline.chat.new.hint.badAmount',
  negativeAmount: 'pipeline.chat.new.hint.negativeAmount',
  amountTooLarge: 'pipeline.chat.new.hint.amountTooLarge',
};

/** The outcome reason's limit (opportunity.schema `outcomeReason`). */
const reasonMax = 1000;

/** `pipeline` is the user's own deals; `pipeline all` everyone's; `pipeline team East` one team's. */
export function scopeOf(args: string, userId: string, t: Translate): { scope: PipelineScope; label: string } | undefined {
  const words = args.trim();
  if (!words) return { scope: { ownerId: userId }, label: t('pipeline.chat.summary.scope.mine') };
  const folded = words.normalize('NFKC').toLowerCase();
  if (allScopeWords.includes(folded)) return { scope: {}, label: t('pipeline.chat.summary.scope.all') };
  const team = teamScopeWords
    .map((word) => new RegExp(`^${word}\\s*[:：]?\\s*(.+)$`, 'iu').exec(words.normalize('NFKC')))
    .find(Boolean)?.[1]
    ?.trim();
  return team ? { scope: { team }, label: t('pipeline.chat.summary.scope.team', { team }) } : undefined;
}

/** The stages, numbered, for "there is no stage …". */
function stageList(stages: readonly Stage[], input: CommandInput): string {
  return enterableStages(stages)
    .map((stage, index) => `${index + 1} ${stage.name[input.locale]}`)
    .join(' · ');
}

export function pipelineCommands(deps: PipelineChatDeps): BotCommand[] {
  const { service, links } = deps;
  const clock = deps.clock ?? systemClock;
  const moves = createDealMoves(deps);
  const newDeals = createNewDealFlow(deps, moves);
  const search = createLeadSearch(deps);
  const leads = createQualifyFlow(deps, search);
  const leadFlow = createLeadFlow(deps, search, moves);

  /**
   * `won …` / `lost …`: the deal and the reason, split by a separator (`:`, `because`, `原因`) when there is one, else
   * the deal is what its name takes (title, or account and title, the longest that names a deal) and the reason the rest.
   */
  async function close(input: CommandInput, kind: 'won' | 'lost'): Promise<BotReply> {
    const { actor, t, args } = input;
    if (!args.trim()) return { text: t(`pipeline.chat.close.hint.${kind}`) };
    const model = await service.stageModel(actor.tenantId);
    const stage = closingStage(model.value.stages, kind);
    if (!stage) return { text: t('pipeline.chat.close.noStage') };
    const explicit = splitReason(args);
    const separated = explicit.deal !== args.trim();
    const naming = await moves.nameDeal(actor.tenantId, separated ? explicit.deal : args, separated ? 'whole' : 'leading');
    if (!naming) return { text: t('pipeline.chat.move.noDeal', { name: explicit.deal }) };
    const reason = separated ? explicit.reason : naming.rest || undefined;
    if (kind === 'lost' && !reason && model.value.lostReasonRequired)
      return { text: t('pipeline.chat.close.reasonMissing', { name: naming.named }) };
    if (reason && reason.length > reasonMax) return { text: t('pipeline.chat.close.reasonTooLong') };
    return moves.moveOrAsk(input, naming.named, naming.deals, stage, reason);
  }

  return [
    {
      name: 'pipeline.summary',
      triggers: triggersOf('summary'),
      usage: 'chat.help.summary',
      example: 'chat.help.summaryExample',
      async run({ actor, locale, t, args }) {
        const scoped = scopeOf(args, actor.userId, t);
        if (!scoped) return { text: t('pipeline.chat.summary.badScope', { text: args }) };
        // "All" is the whole tenant only for an admin; anyone else sees the deals of the people open to them.
        const label = Object.keys(scoped.scope).length === 0 && !isAdmin(actor) ? t('pipeline.chat.summary.scope.visible') : scoped.label;
        const [summary, model] = await Promise.all([service.summary(actor, scoped.scope), service.stageModel(actor.tenantId)]);
        return { card: summaryCard(summary, { t, locale, stages: model.value.stages, links, scope: scoped.scope, scopeLabel: label }) };
      },
    },
    {
      name: 'pipeline.newOpportunity',
      triggers: triggersOf('newOpportunity'),
      usage: 'chat.help.newOpportunity',
      example: 'chat.help.newOpportunityExample',
      async run(input) {
        const { locale, t, args, timeZone } = input;
        const parsed = parseNewOpportunity(args, { now: clock.now(), timeZone: timeZone ?? 'UTC', locale });
        if (!parsed.ok) return { text: t(`pipeline.chat.new.hint.${parsed.reason}`, { detail: parsed.detail ?? '' }) };
        return newDeals.createOrAsk(input, parsed);
      },
    },
    {
      name: 'pipeline.move',
      triggers: triggersOf('move'),
      usage: 'chat.help.move',
      example: 'chat.help.moveExample',
      async run(input) {
        const { actor, t, args } = input;
        const parsed = parseMoveArgs(args);
        if (!parsed.ok) return { text: t(`pipeline.chat.move.hint.${parsed.reason}`) };
        const [model, naming] = await Promise.all([
          service.stageModel(actor.tenantId),
          moves.nameDeal(actor.tenantId, parsed.deal, 'whole'),
        ]);
        const stages = model.value.stages;
        const match = matchStage(parsed.stage, stages);
        if (match.kind === 'none')
          return { text: t('pipeline.chat.move.unknownStage', { stage: parsed.stage, stages: stageList(stages, input) }) };
        if (match.kind === 'several')
          return {
            text: t('pipeline.chat.move.ambiguousStage', {
              stage: parsed.stage,
              stages: match.stages.map((stage) => stage.name[input.locale]).join(' / '),
            }),
          };
        if (!naming) return { text: t('pipeline.chat.move.noDeal', { name: parsed.deal }) };
        return moves.moveOrAsk(input, parsed.deal, naming.deals, match.stage);
      },
    },
    {
      name: 'pipeline.won',
      triggers: triggersOf('won'),
      usage: 'chat.help.won',
      example: 'chat.help.wonExample',
      run: (input) => close(input, 'won'),
    },
    {
      name: 'pipeline.lost',
      triggers: triggersOf('lost'),
      usage: 'chat.help.lost',
      example: 'chat.help.lostExample',
      run: (input) => close(input, 'lost'),
    },
    {
      name: 'pipeline.newLead',
      triggers: triggersOf('newLead'),
      usage: 'chat.help.newLead',
      example: 'chat.help.newLeadExample',
      async run(input) {
        const { t, args } = input;
        const parsed = parseNewLead(args);
        if (parsed.ok) return leadFlow.create(input, parsed.lead);
        const field = 'field' in parsed && parsed.field ? t(`pipeline.chat.lead.field.${parsed.field}`) : '';
        return {
          text: t(`pipeline.chat.lead.hint.${parsed.reason}`, {
            detail: parsed.detail ?? '',
            field,
            sources: t('pipeline.chat.lead.sources'),
          }),
        };
      },
    },
    {
      name: 'pipeline.qualifyLead',
      triggers: triggersOf('qualify'),
      usage: 'chat.help.qualify',
      example: 'chat.help.qualifyExample',
      async run(input) {
        const { t, args } = input;
        const parsed = parseQualify(args);
        if (!parsed.ok) {
          const missing = (parsed.missing ?? manCriteria).map((criterion) => t(`pipeline.chat.qualify.criterion.${criterion}`)).join(', ');
          return { text: t(`pipeline.chat.qualify.hint.${parsed.reason}`, { missing }) };
        }
        return leads.qualifyOrAsk(input, parsed.name, parsed.man);
      },
    },
    {
      name: 'pipeline.convertLead',
      triggers: triggersOf('convertLead'),
      usage: 'chat.help.convertLead',
      example: 'chat.help.convertLeadExample',
      async run(input) {
        const { t, args, locale, timeZone } = input;
        const parsed = parseConvert(args, { now: clock.now(), timeZone: timeZone ?? 'UTC', locale });
        if (parsed.ok) return leadFlow.convertOrAsk(input, parsed.name, parsed.draft);
        const hint = convertHints[parsed.reason];
        return { text: t(hint, { detail: parsed.detail ?? '' }) };
      },
    },
  ];
}
