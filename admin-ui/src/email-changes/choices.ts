import type { ColoredChoice } from '../shared/ChoiceChipField';
import type { EmailChange, EmailChangeDocumentField, EmailChangeStatus } from '../types';

/** Waiting for a reviewer first: that is the queue's work. */
export const emailChangeStatuses: ColoredChoice<EmailChangeStatus>[] = [
  { id: 'awaiting_review', name: 'resources.email-changes.status.awaiting_review', color: 'warning' },
  { id: 'awaiting_documents', name: 'resources.email-changes.status.awaiting_documents', color: 'default' },
  { id: 'awaiting_confirmation', name: 'resources.email-changes.status.awaiting_confirmation', color: 'info' },
  { id: 'completed', name: 'resources.email-changes.status.completed', color: 'success' },
  { id: 'rejected', name: 'resources.email-changes.status.rejected', color: 'error' },
  { id: 'expired', name: 'resources.email-changes.status.expired', color: 'default' },
  { id: 'cancelled', name: 'resources.email-changes.status.cancelled', color: 'default' },
];

/** Requests whose workflow still waits for something: documents, a reviewer, the new address's confirmation. */
export const isOpen = (status: EmailChangeStatus | undefined) =>
  status === 'awaiting_documents' || status === 'awaiting_review' || status === 'awaiting_confirmation';

/** The two documents of R21: their upload field, their stored kind, and where the request keeps them. */
export const emailChangeDocuments: Array<{ field: EmailChangeDocumentField; kind: string; column: keyof EmailChange }> = [
  { field: 'letter', kind: 'new_employer_letter', column: 'letter_document_id' },
  { field: 'employmentRecord', kind: 'employment_record', column: 'employment_document_id' },
];
