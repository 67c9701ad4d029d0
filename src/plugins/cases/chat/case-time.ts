// Times on case cards: an instant in the reader's time zone when Teams sends it (UTC, said so, otherwise), and business minutes left.
import type { Locale, Translate } from '../../../core/i18n';

const validZone = (zone: string | undefined): zone is string => {
  if (!zone) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

/** `Tue, Jun 30, 14:30` / `6月30日周二 14:30`; with ` UTC` after it when the reader's zone is unknown. */
export function formatInstant(iso: string, locale: Locale, timeZone?: string): string {
  const zone = validZone(timeZone) ? timeZone : 'UTC';
  const text = new Intl.DateTimeFormat(locale === 'zh-CN' ? 'zh-CN' : 'en-US', {
    timeZone: zone,
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso));
  return zone === timeZone ? text : `${text} UTC`;
}

/** Business minutes as `45 min` or `3 h 20 min`. */
export function formatMinutes(minutes: number, t: Translate): string {
  const whole = Math.max(0, Math.round(minutes));
  if (whole < 60) return t('cases.chat.clock.minutes', { minutes: whole });
  return t('cases.chat.clock.hours', { hours: Math.floor(whole / 60), minutes: whole % 60 });
}
