import SendIcon from '@mui/icons-material/Send';
import { useMutation } from '@tanstack/react-query';
import { Button, useNotify, useRecordContext, useRefresh } from 'react-admin';
import { apiUrl, httpClient } from '../dataProvider';
import type { Mail } from '../types';

/** A random idempotency key (crypto.randomUUID exists in secure contexts only). */
const newKey = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');

/** The mails whose link support may send again (api/resend.ts). */
export const RESENDABLE = ['confirmation', 'email_change_confirmation'];

/**
 * Staff see confirmation links masked; to help a participant whose link got lost, this sends it
 * again to the participant (a fresh registration link, or the email change's link to the new address).
 * One click is one resend: the Idempotency-Key makes a retried request send nothing more.
 */
export const ResendMailButton = () => {
  const mail = useRecordContext<Mail>();
  const notify = useNotify();
  const refresh = useRefresh();
  const { mutate, isPending } = useMutation({
    mutationFn: async (id: string) =>
      httpClient(`${apiUrl}/mail/${encodeURIComponent(id)}/resend`, {
        method: 'POST',
        headers: new Headers({ Accept: 'application/json', 'Idempotency-Key': newKey() }),
      }),
    onSuccess: () => {
      notify('resources.mail.resent', { type: 'success' });
      refresh();
    },
    onError: (error) => notify(error.message, { type: 'error' }),
  });
  if (!mail || !RESENDABLE.includes(mail.kind)) return null;
  return (
    <Button label="resources.mail.resend" disabled={isPending} onClick={() => mutate(String(mail.id))}>
      <SendIcon />
    </Button>
  );
};
