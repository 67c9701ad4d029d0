// A case's timeline, oldest first: opening, status changes, complaint steps by name with what they decided, replies to
// the customer and internal notes (marked apart), assignments, priority changes, ratings and SLA marks.
import type { CaseEntry } from './cases.api';
import { useCases } from './cases.context';
import type { CasesStringKey, CasesTranslate } from './cases.strings';

const isStatus = (value: unknown): value is 'new' | 'in-progress' | 'waiting' | 'resolved' | 'closed' =>
  typeof value === 'string' && ['new', 'in-progress', 'waiting', 'resolved', 'closed'].includes(value);
const named = (t: CasesTranslate, key: string, fallback: string) => {
  try {
    return t(key as CasesStringKey);
  } catch {
    return fallback;
  }
};

function headline(entry: CaseEntry, t: CasesTranslate): string {
  const detail = entry.detail;
  switch (entry.kind) {
    case 'opened':
      return t(detail.step === 1 ? 'entry.openedComplaint' : 'entry.opened');
    case 'status':
      return t('entry.status', {
        from: isStatus(entry.fromStatus) ? t(`status.${entry.fromStatus}`) : '—',
        to: isStatus(entry.toStatus) ? t(`status.${entry.toStatus}`) : '—',
      });
    case 'step':
      return t('entry.step', { step: entry.step ?? 0, name: named(t, `step.${entry.step}`, String(entry.step)) });
    case 'reply':
      return t('entry.reply');
    case 'note':
      return t('entry.note');
    case 'assigned':
      return detail.userId === entry.byUserId ? t('entry.took') : t('entry.assigned', { name: String(detail.name ?? detail.userId) });
    case 'priority':
      return t('entry.priority', {
        from: named(t, `priority.${String(detail.from)}`, String(detail.from)),
        to: named(t, `priority.${String(detail.to)}`, String(detail.to)),
      });
    case 'rating':
      return t('entry.rating', { rating: String(detail.rating) });
    case 'sla':
      return t('entry.sla', {
        clock: t(detail.clock === 'response' ? 'clockResponse' : 'clockResolution'),
        state: named(t, `sla.${String(detail.state)}`, String(detail.state)),
      });
    default:
      return t('entry.activity');
  }
}

/** What a step decided, in words. */
function stepFacts(entry: CaseEntry, t: CasesTranslate): string[] {
  if (entry.kind !== 'step') return [];
  const { valid, department, cause, approved, feedback, rating } = entry.detail;
  const facts: string[] = [];
  if (valid !== undefined) facts.push(t(valid ? 'detailValid' : 'detailInvalid'));
  if (department) facts.push(t('detailDepartment', { department: String(department) }));
  if (cause) facts.push(t('detailCause', { cause: named(t, `cause.${String(cause)}`, String(cause)) }));
  if (approved !== undefined) facts.push(t(approved ? 'detailApproved' : 'detailSentBack'));
  if (feedback) facts.push(t('detailFeedback', { feedback: String(feedback) }));
  if (rating) facts.push(t('detailRating', { rating: String(rating) }));
  return facts;
}

export function CaseTimeline({ entries }: { entries: CaseEntry[] }) {
  const { t, format } = useCases();
  if (entries.length === 0) return <p className="view-empty">{t('noEntries')}</p>;
  return (
    <ol className="timeline" aria-label={t('timeline')}>
      {entries.map((entry) => {
        const facts = stepFacts(entry, t);
        const sentBack = entry.kind === 'step' && entry.detail.approved === false;
        return (
          <li
            key={entry.seq}
            className={`entry entry-${entry.kind}${sentBack ? ' entry-sent-back' : ''}`}
            data-kind={entry.kind}
            data-step={entry.step}
          >
            <span className="entry-head">{headline(entry, t)}</span>
            {facts.length > 0 ? <span className="entry-facts">{facts.join(' · ')}</span> : null}
            {entry.text ? <p className="entry-text">{entry.text}</p> : null}
            <span className="entry-by">{t('entryBy', { name: entry.byName || entry.byUserId, time: format.dateTime(entry.at) })}</span>
          </li>
        );
      })}
    </ol>
  );
}
