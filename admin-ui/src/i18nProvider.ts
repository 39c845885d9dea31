import polyglotI18nProvider from 'ra-i18n-polyglot';
import russianMessages from './i18n/ru';

/** Russian by default; English is loaded when chosen in the locale menu. */
export const i18nProvider = polyglotI18nProvider(
  (locale) => (locale === 'en' ? import('./i18n/en').then((messages) => messages.default) : russianMessages),
  'ru',
  [
    { locale: 'ru', name: 'Русский' },
    { locale: 'en', name: 'English' },
  ],
  // The API's own error messages are shown as they are, not looked up as translation keys.
  { allowMissing: true },
);
