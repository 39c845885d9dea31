import UploadFileIcon from '@mui/icons-material/UploadFile';
import { Stack } from '@mui/material';
import { useRef, type ChangeEvent } from 'react';
import { Button, useRecordContext, useTranslate } from 'react-admin';
import type { EmailChange, EmailChangeDocumentField } from '../types';
import { emailChangeDocuments } from './choices';
import { useUploadEmailChangeDocument } from './useEmailChangeAction';

const ACCEPT = 'application/pdf,image/png,image/jpeg,.pdf,.png,.jpg,.jpeg';

/** Picks a file and uploads it as one of the request's documents. */
const UploadDocumentButton = ({ request, field, kind }: { request: EmailChange; field: EmailChangeDocumentField; kind: string }) => {
  const translate = useTranslate();
  const input = useRef<HTMLInputElement>(null);
  const { mutate, isPending } = useUploadEmailChangeDocument();
  const choose = (change: ChangeEvent<HTMLInputElement>) => {
    const file = change.target.files?.[0];
    change.target.value = ''; // so that choosing the same file again fires another change
    if (file) mutate({ id: request.id, field, file });
  };
  return (
    <>
      <input ref={input} type="file" accept={ACCEPT} hidden onChange={choose} data-testid={`upload-${field}`} />
      <Button
        label={translate('resources.email-changes.actions.upload', { document: translate(`console.documents.kinds.${kind}`) })}
        variant="outlined"
        disabled={isPending}
        onClick={() => input.current?.click()}
      >
        <UploadFileIcon />
      </Button>
    </>
  );
};

/**
 * While the request waits for documents, one upload button per missing document: support uploads
 * what the participant sent them (PDF, PNG or JPEG).
 */
export const UploadDocumentButtons = () => {
  const request = useRecordContext<EmailChange>();
  if (request?.status !== 'awaiting_documents') return null;
  const missing = emailChangeDocuments.filter(({ column }) => !request[column]);
  if (missing.length === 0) return null;
  return (
    <Stack direction="row" spacing={2} sx={{ mb: 2, flexWrap: 'wrap' }}>
      {missing.map(({ field, kind }) => (
        <UploadDocumentButton key={field} request={request} field={field} kind={kind} />
      ))}
    </Stack>
  );
};
