import UploadFileIcon from '@mui/icons-material/UploadFile';
import {
  Alert,
  Box,
  Button as MuiButton,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  LinearProgress,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableRow,
  Typography,
} from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type ChangeEvent } from 'react';
import {
  ArrayField,
  Button,
  DataTable,
  Pagination,
  RecordContextProvider,
  SelectField,
  useDataProvider,
  useNotify,
  useRefresh,
  useTranslate,
} from 'react-admin';
import { apiErrorCode, apiErrorRows, type ConsoleDataProvider } from '../dataProvider';
import { ChoiceChipField } from '../shared/ChoiceChipField';
import { refusalMessage } from '../shared/refusals';
import { rowErrorText, type CodedRowError } from '../shared/rowErrorText';
import { contractStatuses, contractTypes } from './choices';
import type { RegistryImported, RegistryPreview } from './types';

/** Rows and errors shown a page at a time in the dialog. */
const PAGE = 10;

/**
 * Loads the operator's CSV export into the contract registry (admins), in two steps, as the
 * attendance reports are: the chosen file is sent for a preview (a dry run: the rows as read, each
 * bad row's error, what the replacement adds, changes and drops), then staff commit it, or cancel.
 * A file with bad rows can be committed without them, saying so. Both sends show their progress.
 */
export const RegistryImportButton = ({ variant }: { variant?: 'text' | 'contained' }) => {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button label="resources.contracts.import.button" variant={variant} onClick={() => setOpen(true)}>
        <UploadFileIcon />
      </Button>
      {open && <RegistryImportDialog onClose={() => setOpen(false)} />}
    </>
  );
};

const RegistryImportDialog = ({ onClose }: { onClose: () => void }) => {
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const input = useRef<HTMLInputElement>(null);
  const abort = useRef<AbortController | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState(0);

  const send = () => {
    abort.current = new AbortController();
    setProgress(0);
    return { onProgress: setProgress, signal: abort.current.signal };
  };
  const preview = useMutation({
    mutationFn: (chosen: File) => dataProvider.previewContracts({ file: chosen, ...send() }),
  });
  const commit = useMutation({
    mutationFn: (args: { file: File; skipInvalid: boolean }) => dataProvider.importContracts({ ...args, ...send() }),
    onSuccess: ({ imported, skipped }: RegistryImported) => {
      notify(skipped ? 'resources.contracts.import.done_skipped' : 'resources.contracts.import.done', {
        type: 'success',
        messageArgs: { smart_count: imported, skipped },
      });
      refresh();
      onClose();
    },
  });
  const busy = preview.isPending || commit.isPending;

  const close = () => {
    abort.current?.abort();
    onClose();
  };
  const choose = (change: ChangeEvent<HTMLInputElement>) => {
    const chosen = change.target.files?.[0] ?? null;
    change.target.value = ''; // so that choosing the same file again fires another change
    if (!chosen) return;
    setFile(chosen);
    commit.reset();
    preview.mutate(chosen);
  };

  const shown = preview.data;
  const failure = preview.error ?? commit.error;
  // The rows the file was refused for, in the console's words (the API's message repeats the first in English).
  const failedRows: CodedRowError[] = failure ? apiErrorRows(failure) : [];
  const failureCode = failure ? apiErrorCode(failure) : undefined;

  return (
    <Dialog open onClose={close} fullWidth maxWidth="md" aria-labelledby="registry-import-title">
      <DialogTitle id="registry-import-title">{translate('resources.contracts.import.title')}</DialogTitle>
      <DialogContent>
        <Stack spacing={2}>
          <Typography variant="body2" color="text.secondary">
            {translate('resources.contracts.import.explain')}
          </Typography>
          <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
            <Button label="resources.contracts.import.choose" variant="outlined" disabled={busy} onClick={() => input.current?.click()} />
            <Typography variant="body2" data-testid="registry-filename">
              {file ? file.name : translate('resources.contracts.import.no_file')}
            </Typography>
            <input ref={input} type="file" accept=".csv,text/csv" hidden onChange={choose} data-testid="registry-file" />
          </Stack>
          {busy && (
            <Box>
              <LinearProgress
                variant="determinate"
                value={Math.round(progress * 100)}
                aria-label={translate('resources.contracts.import.progress')}
              />
              <Typography variant="caption" color="text.secondary">
                {progress < 1
                  ? translate('resources.contracts.import.sent', { percent: Math.round(progress * 100) })
                  : translate(preview.isPending ? 'resources.contracts.import.reading' : 'resources.contracts.import.writing')}
              </Typography>
            </Box>
          )}
          {failure && (
            <Alert severity="error">
              {failureCode ? refusalMessage(failureCode, failure.message) : translate(failure.message, { _: failure.message })}
              {failedRows.length > 0 && (
                <Box component="ul" sx={{ m: 0, pl: 2 }}>
                  {failedRows.slice(0, 10).map((row, i) => (
                    <li key={i}>
                      {translate('resources.contracts.import.error_line', {
                        row: row.row,
                        field: row.field,
                        message: rowErrorText(row, translate),
                      })}
                    </li>
                  ))}
                </Box>
              )}
            </Alert>
          )}
          {shown && !preview.isPending && <PreviewView preview={shown} />}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button label="ra.action.cancel" onClick={close} />
        {shown && file && !preview.isPending && (
          // MUI's own button: the label carries counts, which react-admin's Button does not translate with options.
          <MuiButton
            variant="contained"
            color={shown.invalid ? 'warning' : 'primary'}
            disabled={busy || shown.valid === 0}
            onClick={() => commit.mutate({ file, skipInvalid: shown.invalid > 0 })}
          >
            {translate(shown.invalid ? 'resources.contracts.import.commit_skipping' : 'resources.contracts.import.commit', {
              smart_count: shown.valid,
              skipped: shown.invalid,
            })}
          </MuiButton>
        )}
      </DialogActions>
    </Dialog>
  );
};

/** What the file holds and what committing it would do, its first rows as read, and every bad row. */
const PreviewView = ({ preview }: { preview: RegistryPreview }) => {
  const translate = useTranslate();
  const figures: Array<[key: keyof RegistryPreview, value: number]> = [
    ['lines', preview.lines],
    ['valid', preview.valid],
    ['invalid', preview.invalid],
    ['current', preview.current],
    ['added', preview.added],
    ['changed', preview.changed],
    ['removed', preview.removed],
  ];
  return (
    <RecordContextProvider value={{ id: 'preview', ...preview }}>
      <Stack spacing={2} data-testid="registry-preview">
        <Alert severity={preview.invalid ? 'warning' : 'info'}>
          {translate(preview.invalid ? 'resources.contracts.import.preview_skipping' : 'resources.contracts.import.preview_notice', {
            smart_count: preview.invalid,
          })}
        </Alert>
        <Table size="small" sx={{ maxWidth: 480 }}>
          <TableBody>
            {figures.map(([key, value]) => (
              <TableRow key={key} data-testid={`registry-preview-${key}`}>
                <TableCell component="th" scope="row">
                  {translate(`resources.contracts.import.figures.${key}`)}
                </TableCell>
                <TableCell align="right">{value}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        {preview.error_count > 0 && (
          <Box data-testid="registry-preview-errors">
            <Typography variant="subtitle2">
              {translate('resources.contracts.import.errors_title', { smart_count: preview.error_count })}
            </Typography>
            <ArrayField source="errors" perPage={PAGE}>
              <DataTable bulkActionButtons={false} rowClick={false}>
                <DataTable.NumberCol source="row" label="resources.contracts.import.error_fields.row" disableSort />
                <DataTable.Col source="field" label="resources.contracts.import.error_fields.field" disableSort />
                <DataTable.Col
                  source="message"
                  label="resources.contracts.import.error_fields.message"
                  disableSort
                  render={(error: CodedRowError) => rowErrorText(error, translate)}
                />
              </DataTable>
              {preview.errors.length > PAGE && <Pagination rowsPerPageOptions={[PAGE]} />}
            </ArrayField>
          </Box>
        )}
        {preview.rows.length > 0 && (
          <Box data-testid="registry-preview-rows">
            <Typography variant="subtitle2">
              {translate('resources.contracts.import.rows_title', { shown: preview.rows.length, smart_count: preview.valid })}
            </Typography>
            <ArrayField source="rows" perPage={PAGE}>
              <DataTable bulkActionButtons={false} rowClick={false}>
                <DataTable.NumberCol source="row" label="resources.contracts.import.error_fields.row" disableSort />
                <DataTable.Col source="contract_number" label="resources.contracts.fields.contract_number" disableSort />
                <DataTable.Col source="contract_type" label="resources.contracts.fields.contract_type" disableSort>
                  <SelectField source="contract_type" choices={contractTypes} />
                </DataTable.Col>
                <DataTable.Col source="inn" label="resources.contracts.fields.inn" disableSort />
                <DataTable.Col source="legal_name" label="resources.contracts.fields.legal_name" disableSort />
                <DataTable.Col source="status" label="resources.contracts.fields.status" disableSort>
                  <ChoiceChipField source="status" choices={contractStatuses} />
                </DataTable.Col>
              </DataTable>
              {preview.rows.length > PAGE && <Pagination rowsPerPageOptions={[PAGE]} />}
            </ArrayField>
          </Box>
        )}
      </Stack>
    </RecordContextProvider>
  );
};
