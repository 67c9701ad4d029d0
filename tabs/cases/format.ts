// Times and durations of the cases tab in the viewer's language and time zone: due times, how long ago, what is left.
import type { Locale } from '../shared/strings';
import type { CasesTranslate } from './cases.strings';

export interface CaseFormat {
  /** `14:30` today, `3 Jun 14:30` another day: in the viewer's time zone. */
  when(iso: string, now: number): string;
  dateTime(iso: string): string;
  /** The two largest units: `2 h 5 min`, `3 d 4 h`, `45 s`. */
  duration(ms: number, withSeconds?: boolean): string;
  percent(share: number): string;
  number(value: number): string;
}

export function caseFormat(locale: Locale, t: CasesTranslate): CaseFormat {
  const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' });
  const dayTime = new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  const full = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  const units = ['durDays', 'durHours', 'durMinutes', 'durSeconds'] as const;
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
    duration(ms, withSeconds = false) {
      const total = Math.max(0, Math.floor(ms / 1000));
      const counts = [Math.floor(total / 86_400), Math.floor((total % 86_400) / 3600), Math.floor((total % 3600) / 60), total % 60];
      const smallest = withSeconds ? 3 : 2;
      const largest = counts.findIndex((count, index) => count > 0 && index <= smallest);
      const first = largest === -1 ? smallest : largest;
      return [first, first + 1]
        .filter((index) => index <= smallest)
        .map((index) => t(units[index]!, { n: counts[index]! }))
        .join(' ');
    },
    percent: (share) => percent.format(share),
    number: (value) => number.format(value),
  };
}
