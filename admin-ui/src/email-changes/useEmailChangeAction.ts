import { useDataProvider, type Identifier } from 'react-admin';
import type { ConsoleDataProvider } from '../dataProvider';
import { useConsoleAction } from '../shared/useConsoleAction';
import type { EmailChangeDecision, EmailChangeDocumentField } from '../types';

/** Sends a reviewer's decision on an email change (R21); an approval mails a link to the new address. */
export function useDecideEmailChange() {
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  return useConsoleAction({
    mutationFn: ({ id, decision }: { id: Identifier; decision: EmailChangeDecision }) => dataProvider.decideEmailChange(id, decision),
    success: (decided) => `resources.email-changes.notifications.${decided.status}`,
    stale: { code: 'email_change_not_awaiting_review', message: 'resources.email-changes.notifications.not_awaiting_review' },
  });
}

/** Uploads one of the two documents on the participant's behalf; with both in, the request goes to a reviewer. */
export function useUploadEmailChangeDocument() {
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  return useConsoleAction({
    mutationFn: ({ id, field, file }: { id: Identifier; field: EmailChangeDocumentField; file: File }) =>
      dataProvider.uploadEmailChangeDocuments(id, { [field]: file }),
    success: (request) =>
      request.status === 'awaiting_review'
        ? 'resources.email-changes.notifications.documents_complete'
        : 'resources.email-changes.notifications.document_uploaded',
    stale: { code: 'email_change_not_awaiting_documents', message: 'resources.email-changes.notifications.not_awaiting_documents' },
  });
}
