import DownloadIcon from '@mui/icons-material/Download';
import { Alert, Box, Button, LinearProgress, Stack, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useDataProvider, useLocaleState, useRecordContext, useTranslate } from 'react-admin';
import type { ConsoleDataProvider } from '../dataProvider';
import type { StoredDocument } from '../types';

/** An object URL for the blob, revoked when the blob changes or the component goes. */
function useObjectUrl(blob: Blob | undefined): string | undefined {
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    if (!blob) return;
    const created = URL.createObjectURL(blob);
    setUrl(created);
    return () => {
      URL.revokeObjectURL(created);
      setUrl(undefined);
    };
  }, [blob]);
  return url;
}

/**
 * An uploaded document, fetched with the session's token (a plain link could not send it):
 * images inline, PDFs in the browser's viewer, and a download link for every kind.
 */
const DocumentPreview = ({ doc }: { doc: StoredDocument }) => {
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const content = useQuery({
    queryKey: ['documents', doc.id, 'content'],
    queryFn: ({ signal }) => dataProvider.documentContent(doc.id, signal),
    staleTime: Infinity,
  });
  const url = useObjectUrl(content.data);
  const size = new Intl.NumberFormat(locale, { style: 'unit', unit: 'kilobyte', maximumFractionDigits: 1 }).format(doc.size_bytes / 1024);

  return (
    <Stack spacing={1} data-testid="document-preview">
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
        <Typography variant="subtitle2">
          {translate(`console.documents.kinds.${doc.kind}`, { _: doc.kind })}: {doc.filename} ({size})
        </Typography>
        {url && (
          <Button size="small" href={url} download={doc.filename} startIcon={<DownloadIcon />}>
            {translate('console.documents.download')}
          </Button>
        )}
      </Stack>
      {content.isPending && <LinearProgress />}
      {content.isError && <Alert severity="error">{translate('console.documents.failed')}</Alert>}
      {url && doc.content_type.startsWith('image/') && (
        <Box component="img" src={url} alt={doc.filename} sx={{ maxWidth: '100%', maxHeight: 800, objectFit: 'contain' }} />
      )}
      {url && doc.content_type === 'application/pdf' && (
        <Box
          component="object"
          data={url}
          type="application/pdf"
          aria-label={doc.filename}
          sx={{ width: '100%', height: 800, border: 1, borderColor: 'divider' }}
        >
          <Typography variant="body2">{translate('console.documents.no_viewer')}</Typography>
        </Box>
      )}
    </Stack>
  );
};

/** The record's `documents`, each previewed. */
export const DocumentsField = () => {
  const record = useRecordContext<{ documents?: StoredDocument[] }>();
  const translate = useTranslate();
  if (!record?.documents) return null;
  if (record.documents.length === 0) return <Typography variant="body2">{translate('console.documents.none')}</Typography>;
  return (
    <Stack spacing={3}>
      {record.documents.map((doc) => (
        <DocumentPreview key={doc.id} doc={doc} />
      ))}
    </Stack>
  );
};
