import DownloadIcon from '@mui/icons-material/Download';
import { useMutation } from '@tanstack/react-query';
import { Button, useDataProvider, useNotify } from 'react-admin';
import type { ConsoleDataProvider } from '../dataProvider';

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

/** Downloads one of the CSV exports (admins: the ledger's, a charity fund's statement) with the session's token: a plain link could not send it. */
export const CsvExportButton = ({
  path,
  filename,
  label,
}: {
  path: Parameters<ConsoleDataProvider['exportCsv']>[0];
  filename: string;
  label: string;
}) => {
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const notify = useNotify();
  const { mutate, isPending } = useMutation({
    mutationFn: () => dataProvider.exportCsv(path),
    onSuccess: (blob) => saveBlob(blob, filename),
    onError: (error) => notify(error.message, { type: 'error' }),
  });
  return (
    <Button label={label} variant="outlined" disabled={isPending} onClick={() => mutate()}>
      <DownloadIcon />
    </Button>
  );
};
