import type { ColoredChoice } from '../shared/ChoiceChipField';
import type { ReviewStatus } from '../types';

export const reviewStatuses: ColoredChoice<ReviewStatus>[] = [
  { id: 'open', name: 'resources.reviews.status.open', color: 'warning' },
  { id: 'approved', name: 'resources.reviews.status.approved', color: 'success' },
  { id: 'rejected', name: 'resources.reviews.status.rejected', color: 'error' },
  { id: 'cancelled', name: 'resources.reviews.status.cancelled', color: 'default' },
  { id: 'resolved_by_registry', name: 'resources.reviews.status.resolved_by_registry', color: 'success' },
];
