import { useMutation } from '@tanstack/react-query';
import { useNotify, useRefresh, useTranslate } from 'react-admin';
import { apiErrorCode } from '../dataProvider';

interface ConsoleActionOptions<Variables, Result> {
  mutationFn: (variables: Variables) => Promise<Result>;
  /** The success message (a translation key), or one chosen from the API's answer. */
  success: string | ((result: Result) => string);
  /**
   * A refusal that means someone else acted first (e.g. `review_already_decided`): a warning and a
   * refresh, so the page shows the record as it now is, rather than an error.
   */
  stale?: { code: string; message: string };
}

/**
 * A staff action on the API (approve, confirm, resolve…): says how it went and refreshes the page.
 * Any other refusal is said in the console's words where it has some for its code
 * (`console.errors.<code>`, e.g. four_eyes), else in the API's own message (e.g. the crediting window has closed).
 * Per-call callbacks (`mutate(vars, { onSuccess })`) close dialogs and the like.
 */
export function useConsoleAction<Variables, Result>({ mutationFn, success, stale }: ConsoleActionOptions<Variables, Result>) {
  const notify = useNotify();
  const refresh = useRefresh();
  const translate = useTranslate();
  return useMutation({
    mutationFn,
    onSuccess: (result) => {
      notify(typeof success === 'function' ? success(result) : success, { type: 'success' });
      refresh();
    },
    onError: (error) => {
      if (stale && apiErrorCode(error) === stale.code) {
        notify(stale.message, { type: 'warning' });
        refresh();
      } else {
        const code = apiErrorCode(error);
        notify(code ? translate(`console.errors.${code}`, { _: error.message }) : error.message, { type: 'error' });
      }
    },
  });
}
