import ThumbDownIcon from '@mui/icons-material/ThumbDown';
import ThumbUpIcon from '@mui/icons-material/ThumbUp';
import { DialogContentText, Stack } from '@mui/material';
import { useState } from 'react';
import { Button, Confirm, useTranslate, type RaRecord } from 'react-admin';
import type { Sentence, TaskDefinition } from './decisions';
import { TextPromptButton } from './TextPromptButton';
import { useDecideTask } from './useDecideTask';

/** What the decision will do, and that it is final: the body of both dialogs. */
const Consequence = ({ sentence }: { sentence: Sentence }) => {
  const translate = useTranslate();
  return (
    <>
      <DialogContentText data-testid="decision-consequence">{translate(sentence.message, sentence.options)}</DialogContentText>
      <DialogContentText sx={{ mt: 1, mb: 1 }}>{translate('console.task.final')}</DialogContentText>
    </>
  );
};

/**
 * Reject and approve, for a task awaiting a reviewer. Neither can be taken back, so each first says
 * what it will do: rejecting asks for the reason (required), approving asks to confirm.
 */
export const DecisionButtons = <T extends RaRecord>({ task, record }: { task: TaskDefinition<T>; record: T }) => {
  const { mutate, isPending } = useDecideTask(task);
  const [confirming, setConfirming] = useState(false);
  const messages = `resources.${task.resource}`;
  const consequences = task.consequences(record);
  return (
    <Stack direction="row" spacing={2} sx={{ flexWrap: 'wrap' }}>
      <TextPromptButton
        label={`${messages}.actions.reject`}
        title={`${messages}.reject_dialog.title`}
        fieldLabel={`${messages}.fields.decision_reason`}
        hint={`${messages}.reject_dialog.hint`}
        description={<Consequence sentence={consequences.reject} />}
        icon={<ThumbDownIcon />}
        color="error"
        maxLength={1000}
        isPending={isPending}
        onSubmit={(reason, close) => mutate({ id: record.id, decision: { decision: 'reject', reason } }, { onSuccess: close })}
      />
      <Button
        label={`${messages}.actions.approve`}
        variant="contained"
        color="success"
        disabled={isPending}
        onClick={() => setConfirming(true)}
      >
        <ThumbUpIcon />
      </Button>
      <Confirm
        isOpen={confirming}
        loading={isPending}
        title={`${messages}.approve_dialog.title`}
        content={<Consequence sentence={consequences.approve} />}
        confirm={`${messages}.actions.approve`}
        onConfirm={() => mutate({ id: record.id, decision: { decision: 'approve' } }, { onSuccess: () => setConfirming(false) })}
        onClose={() => setConfirming(false)}
      />
    </Stack>
  );
};
