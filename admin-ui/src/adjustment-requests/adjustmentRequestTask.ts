import type { TaskDefinition } from '../shared/decisions';
import type { AdjustmentRequest } from '../types';
import { adjustmentRequestStatuses } from './choices';

/**
 * An adjustment above the four-eyes limit: pending until a second staff member approves it (the
 * ledger posts it then) or someone rejects it. Nothing else changes it, so its page need not poll.
 */
export const adjustmentRequestTask: TaskDefinition<AdjustmentRequest> = {
  resource: 'adjustment-requests',
  statuses: adjustmentRequestStatuses,
  decidedBy: 'decided_by',
  live: () => false,
  awaitsDecision: (request) => request.status === 'pending',
  outcome: (request) => (request.status === 'pending' ? null : request.status),
  consequences: (request) => ({
    approve: {
      message:
        request.amount > 0
          ? 'resources.adjustment-requests.consequences.approve_credit'
          : 'resources.adjustment-requests.consequences.approve_debit',
      options: { smart_count: Math.abs(request.amount), name: request.participant_name },
    },
    reject: { message: 'resources.adjustment-requests.consequences.reject', options: { name: request.participant_name } },
  }),
  decide: (dataProvider, id, decision) => dataProvider.decideAdjustmentRequest(id, decision),
  decided: (request) => `resources.adjustment-requests.notifications.${request.status}`,
  stale: { code: 'adjustment_request_decided', message: 'resources.adjustment-requests.notifications.already_decided' },
};
