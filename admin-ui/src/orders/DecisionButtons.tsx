import ThumbDownIcon from '@mui/icons-material/ThumbDown';
import ThumbUpIcon from '@mui/icons-material/ThumbUp';
import { Button, useRecordContext } from 'react-admin';
import { TextPromptButton } from '../shared/TextPromptButton';
import type { Order } from '../types';
import { useDecideOrder } from './useDecideOrder';

/** Approves the affiliation check (R17): the order then waits for the shop to complete it (A5). */
export const ApproveOrderButton = () => {
  const order = useRecordContext<Order>();
  const { mutate, isPending } = useDecideOrder();
  if (order?.status !== 'awaiting_review') return null;
  return (
    <Button
      label="resources.orders.actions.approve"
      variant="contained"
      color="success"
      disabled={isPending}
      onClick={() => mutate({ id: order.id, decision: { decision: 'approve' } })}
    >
      <ThumbUpIcon />
    </Button>
  );
};

/** Rejects the affiliation check, with a reason: the held points go back to the participant. */
export const RejectOrderButton = () => {
  const order = useRecordContext<Order>();
  const { mutate, isPending } = useDecideOrder();
  if (order?.status !== 'awaiting_review') return null;
  return (
    <TextPromptButton
      label="resources.orders.actions.reject"
      title="resources.orders.reject_dialog.title"
      fieldLabel="resources.orders.fields.decision_reason"
      hint="resources.orders.reject_dialog.hint"
      icon={<ThumbDownIcon />}
      color="error"
      maxLength={1000}
      isPending={isPending}
      onSubmit={(reason, close) => mutate({ id: order.id, decision: { decision: 'reject', reason } }, { onSuccess: close })}
    />
  );
};
