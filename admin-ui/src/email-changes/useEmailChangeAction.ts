import { useDataProvider, type Identifier } from 'react-admin';
import type { ConsoleDataProvider } from '../dataProvider';
import { useConsoleAction } from '../shared/useConsoleAction';
import type { EmailChangeDocumentField } from '../types';

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
