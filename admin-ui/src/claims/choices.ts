import type { ColoredChoice } from '../shared/ChoiceChipField';
import type { ClaimStatus } from '../types';

export const claimStatuses: ColoredChoice<ClaimStatus>[] = [
  { id: 'open', name: 'resources.claims.status.open', color: 'warning' },
  { id: 'approved', name: 'resources.claims.status.approved', color: 'success' },
  { id: 'rejected', name: 'resources.claims.status.rejected', color: 'error' },
  { id: 'expired', name: 'resources.claims.status.expired', color: 'default' },
];
