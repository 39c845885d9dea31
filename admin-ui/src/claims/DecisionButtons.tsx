import ThumbDownIcon from '@mui/icons-material/ThumbDown';
import ThumbUpIcon from '@mui/icons-material/ThumbUp';
import { Button, useRecordContext } from 'react-admin';
import { TextPromptButton } from '../shared/TextPromptButton';
import type { Claim } from '../types';
import { useDecideClaim } from './useDecideClaim';

/** Approves an open claim: the participant gets the event's points, at most once (R12). */
export const ApproveClaimButton = () => {
  const claim = useRecordContext<Claim>();
  const { mutate, isPending } = useDecideClaim();
  if (claim?.status !== 'open') return null;
  return (
    <Button
      label="resources.claims.actions.approve"
      variant="contained"
      color="success"
      disabled={isPending}
      onClick={() => mutate({ id: claim.id, decision: { decision: 'approve' } })}
    >
      <ThumbUpIcon />
    </Button>
  );
};

/** Rejects an open claim, with a reason. */
export const RejectClaimButton = () => {
  const claim = useRecordContext<Claim>();
  const { mutate, isPending } = useDecideClaim();
  if (claim?.status !== 'open') return null;
  return (
    <TextPromptButton
      label="resources.claims.actions.reject"
      title="resources.claims.reject_dialog.title"
      fieldLabel="resources.claims.fields.decision_reason"
      hint="resources.claims.reject_dialog.hint"
      icon={<ThumbDownIcon />}
      color="error"
      maxLength={1000}
      isPending={isPending}
      onSubmit={(reason, close) => mutate({ id: claim.id, decision: { decision: 'reject', reason } }, { onSuccess: close })}
    />
  );
};
