import type { TaskDefinition } from '../shared/decisions';
import type { EmailChange } from '../types';
import { emailChangeStatuses, isOpen } from './choices';

/** An email change (R21): documents, then a reviewer, then the new address's confirmation. */
export const emailChangeTask: TaskDefinition<EmailChange> = {
  resource: 'email-changes',
  statuses: emailChangeStatuses,
  decidedBy: 'decided_by',
  live: (request) => isOpen(request.status),
  awaitsDecision: (request) => request.status === 'awaiting_review',
  // The request keeps no decision of its own: a rejection ends it as rejected; after an approval it
  // waits for the new address and then completes, expires or is cancelled.
  outcome: (request) => (request.decided_at === null ? null : request.status === 'rejected' ? 'rejected' : 'approved'),
  consequences: (request) => ({
    approve: { message: 'resources.email-changes.consequences.approve', options: { new_email: request.new_email } },
    reject: { message: 'resources.email-changes.consequences.reject', options: { old_email: request.old_email } },
  }),
  decide: (dataProvider, id, decision) => dataProvider.decideEmailChange(id, decision),
  decided: (request) => `resources.email-changes.notifications.${request.status}`,
  stale: { code: 'email_change_not_awaiting_review', message: 'resources.email-changes.notifications.not_awaiting_review' },
};
