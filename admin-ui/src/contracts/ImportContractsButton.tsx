import UploadFileIcon from '@mui/icons-material/UploadFile';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type ChangeEvent } from 'react';
import { Button, Confirm, useDataProvider, useNotify, useRefresh } from 'react-admin';
import type { ConsoleDataProvider } from '../dataProvider';

/**
 * Replaces the whole contract registry with the operator's CSV export
 * (columns contract_number, contract_type, inn, legal_name, status), after a confirmation.
 */
export const ImportContractsButton = () => {
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const { mutate, isPending } = useMutation({
    mutationFn: (csv: File) => dataProvider.importContracts(csv),
    onSuccess: ({ imported }) => {
      notify('resources.contracts.import.done', { type: 'success', messageArgs: { smart_count: imported } });
      refresh();
    },
    onError: (error) => notify('resources.contracts.import.failed', { type: 'error', messageArgs: { error: error.message } }),
    onSettled: () => setFile(null),
  });

  const choose = (event: ChangeEvent<HTMLInputElement>) => {
    setFile(event.target.files?.[0] ?? null);
    event.target.value = ''; // so that choosing the same file again fires another change
  };

  return (
    <>
      <Button label="resources.contracts.import.button" disabled={isPending} onClick={() => input.current?.click()}>
        <UploadFileIcon />
      </Button>
      <input ref={input} type="file" accept=".csv,text/csv" hidden onChange={choose} />
      <Confirm
        isOpen={file !== null}
        loading={isPending}
        title="resources.contracts.import.confirm_title"
        content="resources.contracts.import.confirm_content"
        translateOptions={{ filename: file?.name ?? '' }}
        confirm="resources.contracts.import.confirm"
        onConfirm={() => file && mutate(file)}
        onClose={() => setFile(null)}
      />
    </>
  );
};
