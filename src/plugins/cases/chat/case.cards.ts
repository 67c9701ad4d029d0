// Chat cards of a service case: the case card (facts, both SLA clocks, the complaint step, the latest lines, what can be done now) and list rows.
import type { Locale, Translate } from '../../../core/i18n';
import {
  adaptiveCard,
  clip,
  executeAction,
  facts,
  heading,
  openUrl,
  paragraph,
  pickRow,
  plain,
  type AdaptiveCard,
  type CardElement,
} from '../../../cards/adaptive-card';
import { caseLabel, type CaseEntry } from '../case.schema';
import type { CaseDetail, QueueItem } from '../cases.service';
import type { ClockView } from '../sla/case-clocks';
import type { CaseLinks } from './case-links';
import { caseButtons, casesVerbs } from './case-forms';
import { formatInstant, formatMinutes } from './case-time';

export interface CaseCardContext {
  t: Translate;
  locale: Locale;
  /** The reader's IANA time zone, when Teams sent it. */
  timeZone?: string;
  links: CaseLinks;
}

export type Notice = { text: string; tone?: 'good' | 'warning' };

/** Timeline lines the card shows, the latest. */
const latestShown = 3;
const lineMax = 140;

/** `On track · due Tue, Jun 30, 14:30`, `Paused · 3 h 20 min left`, `Met`. */
export function clockText(clock: ClockView, context: CaseCardContext): string {
  const { t, locale, timeZone } = context;
  const state = t(`cases.cases.sla.${clock.state}`);
  if (clock.state === 'paused' && clock.remainingMinutes !== undefined)
    return t('cases.chat.clock.paused', { state, left: formatMinutes(clock.remainingMinutes, t) });
  if (!clock.dueAt || clock.state === 'met') return state;
  const due = formatInstant(clock.dueAt, locale, timeZone);
  return t(clock.state === 'breached' ? 'cases.chat.clock.late' : 'cases.chat.clock.running', { state, due });
}

function entryText(entry: CaseEntry, t: Translate): string {
  const status = (value: string | undefined) => (value ? t(`cases.cases.status.${value}`) : '');
  const priority = (value: unknown) => (typeof value === 'string' ? t(`cases.cases.priority.${value}`) : '');
  const text = clip(entry.text ?? '', lineMax);
  switch (entry.kind) {
    case 'opened':
      return t('cases.chat.entry.opened');
    case 'status':
      return t('cases.chat.entry.status', { from: status(entry.fromStatus), to: status(entry.toStatus) });
    case 'reply':
      return t('cases.chat.entry.reply', { text });
    case 'note':
      return t('cases.chat.entry.note', { text });
    case 'assigned':
      return t('cases.chat.entry.assigned', { name: String(entry.detail.name ?? entry.detail.userId ?? '') });
    case 'priority':
      return t('cases.chat.entry.priority', { from: priority(entry.detail.from), to: priority(entry.detail.to) });
    case 'rating':
      return t('cases.chat.entry.rating', { rating: String(entry.detail.rating ?? '') });
    case 'step':
      if (entry.detail.approved === false) return t('cases.chat.entry.sentBack');
      return t('cases.chat.entry.step', { step: entry.step ?? '', name: t(`cases.cases.step.${entry.step ?? 1}`) });
    case 'sla':
      return t('cases.chat.entry.sla', {
        clock: t(`cases.cases.sla.${String(entry.detail.clock)}`),
        state: t(`cases.cases.sla.${String(entry.detail.state)}`),
      });
    case 'activity':
      return t('cases.chat.entry.activity');
  }
}

/**
 * The case as it stands, with buttons for what the viewer may do now. Every button carries the version the card was
 * drawn from, so a click on an out-of-date card changes nothing and answers with the fresh card.
 * @example caseCard(detail, { t, locale, timeZone, links }, { text: t('cases.chat.done.take') })
 */
export function caseCard(detail: CaseDetail, context: CaseCardContext, notice?: Notice): AdaptiveCard {
  const { t, locale, timeZone, links } = context;
  const current = detail.case;
  const step = current.complaint?.step;
  const latest = detail.entries.slice(-latestShown).map((entry) =>
    paragraph(
      plain(
        t('cases.chat.entry.line', {
          at: formatInstant(entry.at, locale, timeZone),
          by: entry.byName,
          what: entryText(entry, t),
        }),
      ),
      { size: 'Small', spacing: 'Small' },
    ),
  );
  const body: CardElement[] = [
    ...(notice ? [paragraph(plain(notice.text), { weight: 'Bolder', color: notice.tone === 'warning' ? 'Warning' : 'Good' })] : []),
    heading(plain(`${caseLabel(current.number)} · ${current.title}`)),
    facts([
      [t('cases.chat.case.account'), plain(current.accountName)],
      [t('cases.chat.case.type'), t(`cases.cases.type.${current.type}`)],
      [t('cases.chat.case.priority'), t(`cases.cases.priority.${current.priority}`)],
      [t('cases.chat.case.status'), t(`cases.cases.status.${current.status}`)],
      [t('cases.chat.case.owner'), current.ownerName ? plain(current.ownerName) : t('cases.chat.case.unassigned')],
      [t('cases.chat.case.team'), current.teamName ? plain(current.teamName) : undefined],
      [t('cases.cases.sla.response'), clockText(detail.clocks.response, context)],
      [t('cases.cases.sla.resolution'), clockText(detail.clocks.resolution, context)],
      [t('cases.chat.case.step'), step ? t('cases.chat.case.stepValue', { step, name: t(`cases.cases.step.${step}`) }) : undefined],
      [t('cases.chat.case.resolution'), current.resolution ? plain(clip(current.resolution, 300)) : undefined],
      [
        t('cases.chat.case.satisfaction'),
        current.satisfaction ? t('cases.chat.case.rating', { rating: current.satisfaction.rating }) : undefined,
      ],
    ]),
    ...(latest.length > 0
      ? [paragraph(t('cases.chat.case.latest'), { weight: 'Bolder', separator: true, spacing: 'Medium' }), ...latest]
      : []),
  ];
  const actions = [
    ...caseButtons(current, detail.etag, detail.allowed, t),
    openUrl(t('cases.chat.case.openInQueue'), links.case(current.number)),
  ];
  return adaptiveCard(body, actions);
}

/** A queue row's SLA as a list line says it: `Breached`, `On track, due Tue 14:30`. */
export function rowSla(item: QueueItem, context: Pick<CaseCardContext, 't' | 'locale' | 'timeZone'>): string {
  const { t, locale, timeZone } = context;
  if (item.slaState === 'none') return t('cases.chat.sla.none');
  const state = t(`cases.cases.sla.${item.slaState}`);
  const due = item.dueKey !== '~' && item.slaState !== 'breached' ? item.dueKey : undefined;
  return due ? t('cases.chat.list.due', { sla: state, due: formatInstant(due, locale, timeZone) }) : state;
}

/** One list row: number and title, then account, status and SLA, with a button that shows the case card. */
export function caseRow(item: QueueItem, context: CaseCardContext): CardElement {
  const { t } = context;
  const detail = t('cases.chat.list.row', {
    account: item.accountName,
    status: t(`cases.cases.status.${item.status}`),
    sla: rowSla(item, context),
  });
  return pickRow(
    plain(clip(`${caseLabel(item.number)} · ${item.title}`, 100)),
    plain(clip(detail, 160)),
    executeAction(t('cases.chat.list.open'), casesVerbs.show, { number: item.number }),
  );
}
