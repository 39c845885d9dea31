import type { ColoredChoice } from '../shared/ChoiceChipField';
import type { AdjustmentRequestStatus } from '../types';

/** Waiting for a second staff member first: that is the queue's work. */
export const adjustmentRequestStatuses: ColoredChoice<AdjustmentRequestStatus>[] = [
  { id: 'pending', name: 'resources.adjustment-requests.status.pending', color: 'warning' },
  { id: 'approved', name: 'resources.adjustment-requests.status.approved', color: 'success' },
  { id: 'rejected', name: 'resources.adjustment-requests.status.rejected', color: 'error' },
];
