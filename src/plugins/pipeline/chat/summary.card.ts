// The `pipeline` / `管线` card: the funnel per stage, this quarter's weighted forecast and the stuck deals, linked into the tab.
import type { Locale, Translate } from '../../../core/i18n';
import {
  adaptiveCard,
  heading,
  maxCardBytes,
  openUrl,
  paragraph,
  plain,
  type AdaptiveCard,
  type CardElement,
} from '../../../cards/adaptive-card';
import type { Stage } from '../pipeline.schema';
import type { PipelineScope, PipelineSummary } from '../pipeline.service';
import { clip, formatMoney } from './deal.cards';
import type { PipelineLinks } from './pipeline-chat.deps';
import { stageName } from './stage-match';

export interface SummaryCardContext {
  t: Translate;
  locale: Locale;
  stages: readonly Stage[];
  links: PipelineLinks;
  scope: PipelineScope;
  /** How the scope reads in the title: my deals, all deals, team East. */
  scopeLabel: string;
}

/** Stuck deals listed on the card; the rest are counted and left to the board. */
export const stuckOnCard = 5;

const column = (items: CardElement[], width: string | number, extra: CardElement = {}): CardElement => ({
  type: 'Column',
  width,
  items,
  ...extra,
});
const cell = (text: string, extra: CardElement = {}): CardElement => paragraph(text, { spacing: 'None', ...extra });

function funnelRow(cells: [string, string, string, string], extra: { header?: boolean; separator?: boolean } = {}): CardElement {
  const style = extra.header ? { weight: 'Bolder', isSubtle: true, size: 'Small' } : {};
  const [stage, count, amount, weighted] = cells;
  return {
    type: 'ColumnSet',
    spacing: 'Small',
    ...(extra.separator && { separator: true }),
    columns: [
      column([cell(stage, style)], 40),
      column([cell(count, { horizontalAlignment: 'Right', ...style })], 12),
      column([cell(amount, { horizontalAlignment: 'Right', ...style })], 24),
      column([cell(weighted, { horizontalAlignment: 'Right', ...style })], 24),
    ],
  };
}

/**
 * Built from one `summary` read: rollup figures only, so it answers quickly whatever the size of the pipeline.
 * @example summaryCard(await service.summary(tenantId, scope), { t, locale, stages, links, scope, scopeLabel })
 */
export function summaryCard(summary: PipelineSummary, context: SummaryCardContext): AdaptiveCard {
  const { t, links } = context;
  const actions = [openUrl(t('pipeline.chat.summary.openBoard'), links.board(context.scope))];
  // A long stage model with long titles can outgrow the card: fewer stuck deals are listed then, the board has them all.
  for (const listed of [stuckOnCard, 2]) {
    const body = summaryBody(summary, context, listed);
    if (Buffer.byteLength(JSON.stringify({ body, actions })) < maxCardBytes - 512) return adaptiveCard(body, actions);
  }
  return adaptiveCard(summaryBody(summary, context, 0), actions);
}

function summaryBody(summary: PipelineSummary, context: SummaryCardContext, listed: number): CardElement[] {
  const { t, locale, stages, links } = context;
  const currency = summary.reportingCurrency;
  const money = (amount: number) => formatMoney(amount, currency, locale, true);
  const kindOf = (stageId: string) => stages.find((stage) => stage.id === stageId)?.kind;
  const open = summary.stages.filter((figures) => kindOf(figures.stageId) !== 'won' && kindOf(figures.stageId) !== 'lost');
  const total = open.reduce(
    (sum, figures) => ({
      count: sum.count + figures.count,
      amount: sum.amount + figures.amount,
      weighted: sum.weighted + figures.weighted,
    }),
    { count: 0, amount: 0, weighted: 0 },
  );
  const body: CardElement[] = [
    heading(t('pipeline.chat.summary.title', { scope: plain(context.scopeLabel) })),
    paragraph(t('pipeline.chat.summary.currency', { currency }), { isSubtle: true, size: 'Small', spacing: 'None' }),
  ];
  // A team, owner, industry or region with nothing open is said as such: a misspelt team reads differently from an empty CRM.
  const narrowed = Boolean(context.scope.team ?? context.scope.industry ?? context.scope.region);
  if (total.count === 0)
    body.push(
      paragraph(narrowed ? t('pipeline.chat.summary.emptyScope', { scope: plain(context.scopeLabel) }) : t('pipeline.chat.summary.empty')),
    );
  body.push(
    paragraph(t('pipeline.chat.summary.funnel'), { weight: 'Bolder', spacing: 'Medium' }),
    funnelRow(
      [
        t('pipeline.chat.summary.stage'),
        t('pipeline.chat.summary.count'),
        t('pipeline.chat.summary.amount'),
        t('pipeline.chat.summary.weighted'),
      ],
      { header: true },
    ),
    ...open.map((figures) =>
      funnelRow([
        plain(clip(stageName(stages, figures.stageId, locale), 30)),
        String(figures.count),
        money(figures.amount),
        money(figures.weighted),
      ]),
    ),
    funnelRow(
      [`**${t('pipeline.chat.summary.total')}**`, `**${total.count}**`, `**${money(total.amount)}**`, `**${money(total.weighted)}**`],
      { separator: true },
    ),
    paragraph(t('pipeline.chat.summary.quarter', { period: summary.quarter.period }), { weight: 'Bolder', spacing: 'Medium' }),
    paragraph(
      t('pipeline.chat.summary.quarterFacts', {
        weighted: money(summary.quarter.weighted),
        count: summary.quarter.count,
        amount: money(summary.quarter.amount),
      }),
      { spacing: 'Small' },
    ),
    paragraph(t('pipeline.chat.summary.stuck', { count: summary.stuckCount }), { weight: 'Bolder', spacing: 'Medium' }),
  );
  if (summary.stuck.length === 0) body.push(paragraph(t('pipeline.chat.summary.noStuck'), { isSubtle: true, spacing: 'Small' }));
  const shown = summary.stuck.slice(0, listed);
  for (const { deal, daysInStage, limitDays } of shown) {
    const where = t('pipeline.chat.summary.stuckRow', {
      stage: stageName(stages, deal.stageId, locale),
      days: Math.floor(daysInStage),
      limit: limitDays,
    });
    body.push({
      type: 'Container',
      separator: true,
      spacing: 'Small',
      items: [
        paragraph(`[${plain(clip(`${deal.title} · ${deal.accountName}`))}](${links.opportunity(deal.id)})`),
        paragraph(plain(clip(`${where} · ${formatMoney(deal.amount, deal.currency, locale, true)} · ${deal.ownerName}`, 160)), {
          isSubtle: true,
          size: 'Small',
          spacing: 'None',
        }),
      ],
    });
  }
  const more = summary.stuckCount - shown.length;
  if (more > 0) body.push(paragraph(t('pipeline.chat.summary.moreStuck', { count: more }), { isSubtle: true, spacing: 'Small' }));
  return body;
}
