// Times and durations of the cases tab in the viewer's language and time zone: due times, how long ago, what is left.
import type { Locale } from '../shared/strings';
import type { CasesTranslate } from './cases.strings';

export interface CaseFormat {
  /** `14:30` today, `3 Jun 14:30` another day: in the viewer's time zone. */
  when(iso: string, now: number): string;
  dateTime(iso: string): string;
  /** The two largest units down to minutes: `2 h 5 min`, `3 d 4 h`, `0 min`. */
  duration(ms: number): string;
  /** A running clock's time left, to the second: `4:05:09`, `1 d 4:05:09`. */
  countdown(ms: number): string;
  percent(share: number): string;
  number(value: number): string;
}

export function caseFormat(locale: Locale, t: CasesTranslate): CaseFormat {
  const time = new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit' });
  const dayTime = new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
  const full = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  const units = ['durDays', 'durHours', 'durMinutes'] as const;
  return {
    when(iso, now) {
      const date = new Date(iso);
      if (Number.isNaN(date.getTime())) return iso;
      return new Date(now).toDateString() === date.toDateString() ? time.format(date) : dayTime.format(date);
    },
    dateTime: (iso) => {
      const date = new Date(iso);
      return Number.isNaN(date.getTime()) ? iso : full.format(date);
    },
    duration(ms) {
      const total = Math.max(0, Math.floor(ms / 1000));
      const counts = [Math.floor(total / 86_400), Math.floor((total % 86_400) / 3600), Math.floor((total % 3600) / 60)];
      const largest = counts.findIndex((count) => count > 0);
      const first = largest === -1 ? units.length - 1 : largest;
      return [first, first + 1]
        .filter((index) => index < units.length)
        .map((index) => t(units[index]!, { n: counts[index]! }))
        .join(' ');
    },
    countdown(ms) {
      const total = Math.max(0, Math.floor(ms / 1000));
      const days = Math.floor(total / 86_400);
      const two = (value: number) => String(value).padStart(2, '0');
      const clock = `${Math.floor((total % 86_400) / 3600)}:${two(Math.floor((total % 3600) / 60))}:${two(total % 60)}`;
      return days > 0 ? `${t('durDays', { n: days })} ${clock}` : clock;
    },
    percent: (share) => percent.format(share),
    number: (value) => number.format(value),
  };
}
