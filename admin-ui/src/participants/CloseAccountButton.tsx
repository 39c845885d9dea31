import PersonOffIcon from '@mui/icons-material/PersonOff';
import { useDataProvider, useRecordContext, type Identifier } from 'react-admin';
import type { ConsoleDataProvider } from '../dataProvider';
import { TextPromptButton } from '../shared/TextPromptButton';
import { useConsoleAction } from '../shared/useConsoleAction';
import type { Participant } from '../types';

/** R26: the participant leaves, told support so: the account is closed and all its points annulled. */
export const CloseAccountButton = () => {
  const participant = useRecordContext<Participant>();
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const { mutate, isPending } = useConsoleAction({
    mutationFn: ({ id, reason }: { id: Identifier; reason: string }) => dataProvider.closeAccount(id, reason),
    success: 'resources.participants.notifications.closed',
    stale: { code: 'participant_not_active', message: 'resources.participants.notifications.not_active' },
  });
  if (participant?.status !== 'active') return null;
  return (
    <TextPromptButton
      label="resources.participants.actions.close"
      title="resources.participants.close_dialog.title"
      fieldLabel="resources.participants.close_dialog.reason"
      hint="resources.participants.close_dialog.hint"
      icon={<PersonOffIcon />}
      color="error"
      maxLength={1000}
      isPending={isPending}
      confirm={{
        title: 'resources.participants.close_dialog.confirm_title',
        content: 'resources.participants.close_dialog.confirm_content',
        translateOptions: { name: `${participant.first_name} ${participant.last_name}`, smart_count: participant.balance },
      }}
      onSubmit={(reason, close) => mutate({ id: participant.id, reason }, { onSuccess: close })}
    />
  );
};
