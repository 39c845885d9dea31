import { i18nProvider } from '../i18nProvider';

/**
 * A refusal of the staff API in the console's language, for every path that shows one (react-admin's
 * own notifications and the console's actions alike): by its code where the packs have words for it
 * (`console.errors.<code>`); otherwise the English console shows the API's own message and the
 * Russian one a sentence naming the code, so no English reaches a Russian screen.
 */
export function refusalMessage(code: string, apiMessage: string): string {
  const otherwise = i18nProvider.getLocale() === 'en' ? apiMessage : i18nProvider.translate('console.errors.unknown', { code });
  return i18nProvider.translate(`console.errors.${code}`, { _: otherwise });
}
