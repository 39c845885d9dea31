import type { TaskDefinition } from '../shared/decisions';
import type { CorporateApplication } from '../types';
import { applicationStatuses, isOpen } from './choices';

/**
 * An organisation's application to join (A7): its two signed documents, then a manager's decision.
 * An approval writes the agency into the contract registry, so its employees' registrations waiting
 * on the contract check are verified at once; the contact person is mailed either way.
 */
export const applicationTask: TaskDefinition<CorporateApplication> = {
  resource: 'applications',
  statuses: applicationStatuses,
  decidedBy: 'decided_by',
  live: (application) => isOpen(application.status),
  awaitsDecision: (application) => application.status === 'awaiting_review',
  outcome: (application) => (application.status === 'approved' || application.status === 'rejected' ? application.status : null),
  consequences: (application) => ({
    approve: {
      message: 'resources.applications.consequences.approve',
      options: { legal_name: application.legal_name, inn: application.inn },
    },
    reject: { message: 'resources.applications.consequences.reject', options: { email: application.contact_email } },
  }),
  decide: (dataProvider, id, decision) => dataProvider.decideApplication(id, decision),
  decided: (application) => `resources.applications.notifications.${application.status}`,
  stale: { code: 'application_not_awaiting_review', message: 'resources.applications.notifications.not_awaiting_review' },
};
