import { useMemo } from 'react';
import { useLocaleState } from 'react-admin';
import { useFormatters } from '../shared/useFormatters';

/** The dashboard's axis labels and ages, in the console's language: short months and days (UTC), waiting times. */
export function useChartFormat() {
  const [locale] = useLocaleState();
  const format = useFormatters();
  return useMemo(() => {
    const shortMonth = new Intl.DateTimeFormat(locale, { month: 'short', year: '2-digit', timeZone: 'UTC' });
    const shortDay = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' });
    const longDay = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
    const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short' });
    const unit = (u: 'day' | 'hour' | 'minute') => new Intl.NumberFormat(locale, { style: 'unit', unit: u, unitDisplay: 'short' });
    const [days, hours, minutes] = [unit('day'), unit('hour'), unit('minute')];
    const utc = (day: string) => Date.parse(`${day}T00:00:00Z`);
    return {
      ...format,
      /** `YYYY-MM` as e.g. "мар. 28" */
      shortMonth: (month: string) => shortMonth.format(utc(`${month}-01`)),
      /** `YYYY-MM-DD` as e.g. "12 мар." */
      shortDay: (day: string) => shortDay.format(utc(day)),
      longDay: (day: string) => longDay.format(utc(day)),
      /** an instant, in the browser's time zone */
      dateTime: (at: string) => dateTime.format(new Date(at)),
      /** A waiting time: its two largest units, e.g. "3 дн. 4 ч" */
      age: (seconds: number) => {
        const d = Math.floor(seconds / 86_400);
        const h = Math.floor((seconds % 86_400) / 3600);
        const m = Math.floor((seconds % 3600) / 60);
        if (d > 0) return h > 0 ? `${days.format(d)} ${hours.format(h)}` : days.format(d);
        if (h > 0) return m > 0 ? `${hours.format(h)} ${minutes.format(m)}` : hours.format(h);
        return minutes.format(m);
      },
    };
  }, [locale, format]);
}
