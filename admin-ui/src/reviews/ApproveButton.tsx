import ThumbUpIcon from '@mui/icons-material/ThumbUp';
import { Button, useRecordContext } from 'react-admin';
import type { Review } from '../types';
import { useDecideReview } from './useDecideReview';

/** Approves an open review: the participant's workflow activates the registration. */
export const ApproveButton = () => {
  const review = useRecordContext<Review>();
  const { mutate, isPending } = useDecideReview();
  if (review?.status !== 'open') return null;
  return (
    <Button
      label="resources.reviews.actions.approve"
      variant="contained"
      color="success"
      disabled={isPending}
      onClick={() => mutate({ id: review.id, decision: { decision: 'approve' } })}
    >
      <ThumbUpIcon />
    </Button>
  );
};
