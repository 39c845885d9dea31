import ThumbDownIcon from '@mui/icons-material/ThumbDown';
import { useRecordContext } from 'react-admin';
import { TextPromptButton } from '../shared/TextPromptButton';
import type { Review } from '../types';
import { useDecideReview } from './useDecideReview';

/** Rejects an open review, with a reason the participant will read in the rejection mail. */
export const RejectButton = () => {
  const review = useRecordContext<Review>();
  const { mutate, isPending } = useDecideReview();
  if (review?.status !== 'open') return null;
  return (
    <TextPromptButton
      label="resources.reviews.actions.reject"
      title="resources.reviews.reject_dialog.title"
      fieldLabel="resources.reviews.fields.decision_reason"
      hint="resources.reviews.reject_dialog.hint"
      icon={<ThumbDownIcon />}
      color="error"
      maxLength={1000}
      isPending={isPending}
      onSubmit={(reason, close) => mutate({ id: review.id, decision: { decision: 'reject', reason } }, { onSuccess: close })}
    />
  );
};
