import { useMemo } from 'react';
import { useLocaleState } from 'react-admin';

/** Numbers, dates and months written for the console's language, not the browser's. */
export function useFormatters() {
  const [locale] = useLocaleState();
  return useMemo(() => {
    const numbers = new Intl.NumberFormat(locale);
    const dates = new Intl.DateTimeFormat(locale, { dateStyle: 'long' });
    const months = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
    return {
      number: (n: number) => numbers.format(n),
      /** e.g. "12 марта 2028 г." */
      date: (at: string | number | Date) => dates.format(new Date(at)),
      /** A `YYYY-MM` month (UTC), e.g. "март 2028 г." */
      month: (month: string) => {
        const [year, m] = month.split('-').map(Number);
        return months.format(Date.UTC(year, m - 1, 1));
      },
    };
  }, [locale]);
}
