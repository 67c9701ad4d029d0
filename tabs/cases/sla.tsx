// SLA as people read it: a badge with the state and due time in a queue row, and a live countdown of each clock in a
// case's pane (paused clocks show the business time left, and no countdown).
import { Badge } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { ClockView, QueueItem } from './cases.api';
import { useCases } from './cases.context';

export type SlaState = ClockView['state'] | 'none';

const badgeColours = {
  'on-track': 'success',
  'at-risk': 'warning',
  breached: 'danger',
  met: 'success',
  paused: 'informative',
  none: 'subtle',
} as const satisfies Record<SlaState, string>;

/** The time now, renewed every `everyMs`: what a countdown or "2 h ago" is worked out against. */
export function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

export function SlaBadge({ state }: { state: SlaState }) {
  const { t } = useCases();
  return (
    <Badge className="sla-badge" data-sla={state} appearance="tint" color={badgeColours[state]} shape="rounded">
      {t(`sla.${state}`)}
    </Badge>
  );
}

/** The earliest breach of a clock still running, else the earliest due time (the server's sort key). */
function queueMoment(item: QueueItem): { breachedAt?: string; dueAt?: string } {
  const breaches = [
    item.firstResponseAt ? undefined : item.responseBreachedAt,
    item.resolvedAt ? undefined : item.resolutionBreachedAt,
  ].filter((at): at is string => Boolean(at));
  if (breaches.length > 0) return { breachedAt: breaches.sort()[0] };
  if (item.dueKey === '~') return {};
  return item.slaState === 'breached' ? { breachedAt: item.dueKey } : { dueAt: item.dueKey };
}

/** A queue row's SLA: its state, and "due 14:30" or "breached 2 h ago" in the viewer's time zone. */
export function QueueSla({ item, now }: { item: QueueItem; now: number }) {
  const { t, format } = useCases();
  const { breachedAt, dueAt } = queueMoment(item);
  const state: SlaState = item.slaState;
  const when = breachedAt
    ? t('breachedAgo', { ago: format.duration(now - Date.parse(breachedAt)) })
    : dueAt
      ? t('dueAt', { time: format.when(dueAt, now) })
      : '';
  return (
    <span className="queue-sla">
      <SlaBadge state={state} />
      {when ? <span className="sla-when">{when}</span> : null}
    </span>
  );
}

/** One clock of a case: its state and, while it runs, a countdown that ticks every second. */
export function ClockPanel({ name, clock }: { name: 'response' | 'resolution'; clock: ClockView }) {
  const { t, format } = useCases();
  const now = useNow(1000);
  let line: string;
  let countdown: string | undefined;
  if (clock.state === 'paused') {
    line =
      clock.remainingMinutes === undefined
        ? t('clockPausedNoTime')
        : t('clockPaused', { left: format.duration(clock.remainingMinutes * 60_000) });
  } else if (clock.stoppedAt) {
    line = t(clock.state === 'breached' ? 'clockMissed' : 'clockMet', { time: format.when(clock.stoppedAt, now) });
  } else if (clock.state === 'breached' || (clock.dueAt && Date.parse(clock.dueAt) <= now)) {
    const since = clock.breachedAt ?? clock.dueAt;
    line = since ? t('clockBreached', { ago: format.duration(now - Date.parse(since)) }) : t('sla.breached');
  } else {
    line = clock.dueAt ? t('clockDue', { time: format.when(clock.dueAt, now) }) : '';
    countdown = clock.dueAt ? t('clockLeft', { left: format.countdown(Date.parse(clock.dueAt) - now) }) : undefined;
  }
  const running = countdown !== undefined;
  const shown: SlaState = clock.state === 'on-track' && clock.dueAt && Date.parse(clock.dueAt) <= now ? 'breached' : clock.state;
  return (
    <section
      className="clock"
      data-clock={name}
      data-state={shown}
      aria-label={t(name === 'response' ? 'clockResponse' : 'clockResolution')}
    >
      <h4>{t(name === 'response' ? 'clockResponse' : 'clockResolution')}</h4>
      <SlaBadge state={shown} />
      {running ? (
        // Read out on demand, not every second.
        <span className="clock-countdown" role="timer" aria-live="off">
          {countdown}
        </span>
      ) : null}
      {line ? <span className="clock-line">{line}</span> : null}
    </section>
  );
}
