import UndoIcon from '@mui/icons-material/Undo';
import { DialogContentText } from '@mui/material';
import { useDataProvider, useRecordContext, useTranslate, type Identifier } from 'react-admin';
import type { ConsoleDataProvider } from '../dataProvider';
import { TextPromptButton } from '../shared/TextPromptButton';
import { useConsoleAction } from '../shared/useConsoleAction';
import type { LedgerEntry } from '../types';

/** A credit can be reversed in full while its lot still holds all of it and has not expired. */
export const isReversible = (entry: LedgerEntry) =>
  entry.kind === 'credit' && entry.remaining === entry.amount && entry.expires_at !== null && Date.parse(entry.expires_at) > Date.now();

/** Reverses a credit given by mistake, with a reason: what its lot holds is annulled, once. */
export const ReverseCreditButton = () => {
  const entry = useRecordContext<LedgerEntry>();
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const translate = useTranslate();
  const { mutate, isPending } = useConsoleAction({
    mutationFn: ({ id, reason }: { id: Identifier; reason: string }) => dataProvider.reverseCredit(id, reason),
    success: 'resources.participants.notifications.reversed',
    stale: { code: 'credit_not_reversible', message: 'resources.participants.notifications.not_reversible' },
  });
  if (!entry || !isReversible(entry)) return null;
  return (
    <TextPromptButton
      label="resources.participants.actions.reverse"
      title="resources.participants.reverse_dialog.title"
      fieldLabel="resources.participants.reverse_dialog.reason"
      hint="resources.participants.reverse_dialog.hint"
      description={
        <DialogContentText data-testid="reverse-consequence" sx={{ mb: 1 }}>
          {translate('resources.participants.reverse_dialog.consequence', { smart_count: entry.amount })}
        </DialogContentText>
      }
      icon={<UndoIcon />}
      color="warning"
      variant="text"
      maxLength={1000}
      isPending={isPending}
      onSubmit={(reason, close) => mutate({ id: entry.id, reason }, { onSuccess: close })}
    />
  );
};
