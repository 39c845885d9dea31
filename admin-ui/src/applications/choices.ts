import type { ColoredChoice } from '../shared/ChoiceChipField';
import type { ApplicationStatus } from '../types';

/** Waiting for a manager first: that is the queue's work. */
export const applicationStatuses: ColoredChoice<ApplicationStatus>[] = [
  { id: 'awaiting_review', name: 'resources.applications.status.awaiting_review', color: 'warning' },
  { id: 'awaiting_documents', name: 'resources.applications.status.awaiting_documents', color: 'default' },
  { id: 'approved', name: 'resources.applications.status.approved', color: 'success' },
  { id: 'rejected', name: 'resources.applications.status.rejected', color: 'error' },
  { id: 'expired', name: 'resources.applications.status.expired', color: 'default' },
  { id: 'cancelled', name: 'resources.applications.status.cancelled', color: 'default' },
];

export const contractPaths = [
  { id: 'agent', name: 'resources.applications.contract_paths.agent' },
  { id: 'subagent', name: 'resources.applications.contract_paths.subagent' },
];

/** Applications whose workflow still waits for something: the documents, or a manager. */
export const isOpen = (status: ApplicationStatus | undefined) => status === 'awaiting_documents' || status === 'awaiting_review';
