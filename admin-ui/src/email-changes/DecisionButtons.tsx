import ThumbDownIcon from '@mui/icons-material/ThumbDown';
import ThumbUpIcon from '@mui/icons-material/ThumbUp';
import { Button, useRecordContext } from 'react-admin';
import { TextPromptButton } from '../shared/TextPromptButton';
import type { EmailChange } from '../types';
import { useDecideEmailChange } from './useEmailChangeAction';

/** Approves a request awaiting review: a confirmation link goes to the new address (R21). */
export const ApproveEmailChangeButton = () => {
  const request = useRecordContext<EmailChange>();
  const { mutate, isPending } = useDecideEmailChange();
  if (request?.status !== 'awaiting_review') return null;
  return (
    <Button
      label="resources.email-changes.actions.approve"
      variant="contained"
      color="success"
      disabled={isPending}
      onClick={() => mutate({ id: request.id, decision: { decision: 'approve' } })}
    >
      <ThumbUpIcon />
    </Button>
  );
};

/** Rejects a request awaiting review, with a reason; the address stays as it is. */
export const RejectEmailChangeButton = () => {
  const request = useRecordContext<EmailChange>();
  const { mutate, isPending } = useDecideEmailChange();
  if (request?.status !== 'awaiting_review') return null;
  return (
    <TextPromptButton
      label="resources.email-changes.actions.reject"
      title="resources.email-changes.reject_dialog.title"
      fieldLabel="resources.email-changes.fields.decision_reason"
      hint="resources.email-changes.reject_dialog.hint"
      icon={<ThumbDownIcon />}
      color="error"
      maxLength={1000}
      isPending={isPending}
      onSubmit={(reason, close) => mutate({ id: request.id, decision: { decision: 'reject', reason } }, { onSuccess: close })}
    />
  );
};
