import SendIcon from '@mui/icons-material/Send';
import { useMutation } from '@tanstack/react-query';
import { Button, useDataProvider, useNotify, useRecordContext, useRefresh } from 'react-admin';
import type { ConsoleDataProvider } from '../dataProvider';
import type { Participant } from '../types';

/** Sends a fresh confirmation link to a participant who has not confirmed their email yet. */
export const ResendConfirmationButton = () => {
  const participant = useRecordContext<Participant>();
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const { mutate, isPending } = useMutation({
    mutationFn: (id: string) => dataProvider.resendConfirmation(id),
    onSuccess: () => notify('resources.participants.notifications.confirmation_resent', { type: 'success' }),
    onError: (error) => {
      notify(error.message, { type: 'error' });
      refresh();
    },
  });
  if (participant?.status !== 'pending_confirmation') return null;
  return (
    <Button label="resources.participants.actions.resend_confirmation" disabled={isPending} onClick={() => mutate(participant.id)}>
      <SendIcon />
    </Button>
  );
};
