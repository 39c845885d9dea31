import type { TaskDefinition } from '../shared/decisions';
import type { Review } from '../types';
import { reviewStatuses } from './reviewStatuses';

/**
 * A support review (R4, R22): a registration the registry could not verify, or an active
 * participant's move to another agency. The review does not carry the welcome points the
 * registration's terms give (R7, R27), so the approval says so without the number.
 */
export const reviewTask: TaskDefinition<Review> = {
  resource: 'reviews',
  statuses: reviewStatuses,
  decidedBy: 'decided_by_name',
  live: (review) => review.status === 'open',
  awaitsDecision: (review) => review.status === 'open',
  outcome: (review) => (review.status === 'approved' || review.status === 'rejected' ? review.status : null),
  consequences: (review) =>
    review.kind === 'rebind'
      ? {
          approve: { message: 'resources.reviews.consequences.rebind_approve' },
          reject: { message: 'resources.reviews.consequences.rebind_reject' },
        }
      : { approve: { message: 'resources.reviews.consequences.approve' }, reject: { message: 'resources.reviews.consequences.reject' } },
  decide: (dataProvider, id, decision) => dataProvider.decideReview(id, decision),
  decided: (review) => `resources.reviews.notifications.${review.status}`,
  stale: { code: 'review_already_decided', message: 'resources.reviews.notifications.already_decided' },
};
