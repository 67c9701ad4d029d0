// China's statutory holidays 法定节假日 and make-up working days 调休上班日, as the State Council publishes them each year.

/** One year's published schedule: the days off and the weekend days worked in exchange, each `YYYY-MM-DD`. */
export interface HolidayYear {
  year: number;
  holidays: string[];
  workdays: string[];
}

/** Every date from `first` to `last` inclusive, both `YYYY-MM-DD`. */
function daysFrom(first: string, last: string): string[] {
  const days: string[] = [];
  for (let ms = Date.parse(first); ms <= Date.parse(last); ms += 86_400_000) days.push(new Date(ms).toISOString().slice(0, 10));
  return days;
}

/**
 * The years the State Council has published. The schedule for a year comes out late the year before, so later years
 * are not guessed here: tenants add them in the calendar editor once they are published.
 */
export const chinaHolidays: HolidayYear[] = [
  {
    year: 2026,
    holidays: [
      ...daysFrom('2026-01-01', '2026-01-03'), // 元旦
      ...daysFrom('2026-02-15', '2026-02-23'), // 春节
      ...daysFrom('2026-04-04', '2026-04-06'), // 清明节
      ...daysFrom('2026-05-01', '2026-05-05'), // 劳动节
      ...daysFrom('2026-06-19', '2026-06-21'), // 端午节
      ...daysFrom('2026-09-25', '2026-09-27'), // 中秋节
      ...daysFrom('2026-10-01', '2026-10-07'), // 国庆节
    ],
    workdays: [
      '2026-01-04', // 元旦 (Sunday)
      '2026-02-14', // 春节 (Saturday)
      '2026-02-28', // 春节 (Saturday)
      '2026-05-09', // 劳动节 (Saturday)
      '2026-09-20', // 国庆节 (Sunday)
      '2026-10-10', // 国庆节 (Saturday)
    ],
  },
];

/**
 * The days off and make-up working days of some published years, as one calendar lists them.
 * @example holidaysOf(chinaHolidays).workdays[0] // '2026-01-04'
 */
export function holidaysOf(years: readonly HolidayYear[]): { holidays: string[]; workdays: string[] } {
  return { holidays: years.flatMap((year) => year.holidays), workdays: years.flatMap((year) => year.workdays) };
}
