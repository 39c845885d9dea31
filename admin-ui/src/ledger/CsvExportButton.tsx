import DownloadIcon from '@mui/icons-material/Download';
import { Box, LinearProgress, Typography } from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Button, useNotify, useTranslate } from 'react-admin';
import { apiUrl, type ConsoleDataProvider } from '../dataProvider';
import { refusalMessage } from '../shared/refusals';

/** How far a download has come: bytes received and, when the API said it, the whole size. */
interface Received {
  bytes: number;
  total: number | null;
}

/**
 * The export, read as it arrives so that the button can show how far it is: the staff API's
 * session cookie goes with it (same origin); a refusal is said in the console's language.
 */
async function download(path: string, onProgress: (received: Received) => void): Promise<Blob> {
  const response = await fetch(`${apiUrl}/${path}`, { credentials: 'same-origin' });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    throw new Error(body?.error?.code ? refusalMessage(body.error.code, body.error.message ?? '') : response.statusText);
  }
  const length = Number(response.headers.get('content-length'));
  const total = Number.isFinite(length) && length > 0 ? length : null;
  if (!response.body) return response.blob();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  onProgress({ bytes, total });
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    bytes += value.byteLength;
    onProgress({ bytes, total });
  }
  return new Blob(chunks as BlobPart[], { type: response.headers.get('content-type') ?? 'text/csv' });
}

const kilobytes = (bytes: number) => Math.max(1, Math.round(bytes / 1024));

/** Saves the blob as a file: a link to its object URL, clicked once. */
function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  // Give the browser a moment to start the download before the URL goes.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Downloads one of the CSV exports (the ledger's, a fund's or a partner's statement) with the
 * session's cookie: a bar shows how much has arrived while it runs, and a line says what was saved.
 */
export const CsvExportButton = ({
  path,
  filename,
  label,
}: {
  path: Parameters<ConsoleDataProvider['exportCsv']>[0];
  filename: string;
  label: string;
}) => {
  const notify = useNotify();
  const translate = useTranslate();
  const [received, setReceived] = useState<Received | null>(null);
  const [saved, setSaved] = useState<number | null>(null);
  const { mutate, isPending } = useMutation({
    mutationFn: () => {
      setSaved(null);
      return download(path, setReceived);
    },
    onSuccess: (blob) => {
      saveBlob(blob, filename);
      setSaved(blob.size);
    },
    onError: (error) => notify(error.message, { type: 'error' }),
    onSettled: () => setReceived(null),
  });
  const percent = received?.total ? Math.min(100, Math.round((received.bytes / received.total) * 100)) : null;
  return (
    <Box sx={{ display: 'inline-flex', flexDirection: 'column', gap: 0.5, minWidth: 180 }} data-testid={`export-${filename}`}>
      <Button label={label} variant="outlined" disabled={isPending} onClick={() => mutate()}>
        <DownloadIcon />
      </Button>
      {isPending && (
        <>
          <LinearProgress
            variant={percent === null ? 'indeterminate' : 'determinate'}
            value={percent ?? undefined}
            aria-label={translate('console.export.progress')}
          />
          <Typography variant="caption" color="text.secondary">
            {translate('console.export.received', { kb: kilobytes(received?.bytes ?? 0) })}
          </Typography>
        </>
      )}
      {!isPending && saved !== null && (
        <Typography variant="caption" color="text.secondary" data-testid="export-saved">
          {translate('console.export.saved', { filename, kb: kilobytes(saved) })}
        </Typography>
      )}
    </Box>
  );
};
