import { DateField, useLocaleState, type DateFieldProps } from 'react-admin';

/** A date and time formatted for the console's language, not the browser's. */
export const DateTimeField = (props: DateFieldProps) => {
  const [locale] = useLocaleState();
  return <DateField showTime locales={locale} options={{ dateStyle: 'short', timeStyle: 'short' }} {...props} />;
};
