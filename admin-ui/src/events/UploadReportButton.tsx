import UploadFileIcon from '@mui/icons-material/UploadFile';
import {
  Alert,
  Box,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControl,
  FormControlLabel,
  FormLabel,
  LinearProgress,
  Radio,
  RadioGroup,
  Stack,
  Typography,
} from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type ChangeEvent } from 'react';
import { Button, useDataProvider, useNotify, useRecordContext, useRedirect, useTranslate } from 'react-admin';
import { apiErrorCode, apiErrorRows, type ConsoleDataProvider } from '../dataProvider';
import { refusalMessage } from '../shared/refusals';
import { rowErrorText, type CodedRowError } from '../shared/rowErrorText';
import type { EarningEvent, Report, ReportKind } from '../types';
import { reportKindsFor } from './choices';

/**
 * Uploads a platform's CSV export for the event (attendance, test results or course completions),
 * with a progress bar, then opens the report's preview: nothing counts until staff confirm it.
 * Offered while the event takes reports: a webinar's open window (R11), a course always.
 */
export const UploadReportButton = () => {
  const event = useRecordContext<EarningEvent>();
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const translate = useTranslate();
  const notify = useNotify();
  const redirect = useRedirect();
  const input = useRef<HTMLInputElement>(null);
  const abort = useRef<AbortController | null>(null);
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<ReportKind | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState(0);

  const upload = useMutation({
    mutationFn: (args: { eventId: string; kind: ReportKind; file: File }) => {
      abort.current = new AbortController();
      return dataProvider.uploadReport(args.eventId, {
        kind: args.kind,
        file: args.file,
        onProgress: setProgress,
        signal: abort.current.signal,
      });
    },
    onSuccess: (report: Report) => {
      notify('resources.events.upload.done', { type: 'success' });
      redirect('show', 'reports', report.id);
    },
  });

  const stage = event?.window?.stage ?? event?.crediting_status;
  if (!event || (stage !== 'open' && stage !== 'ongoing')) return null;
  const kinds = reportKindsFor(event.kind);
  const chosenKind = kind ?? kinds[0];

  const close = () => {
    abort.current?.abort();
    setOpen(false);
    setFile(null);
    setProgress(0);
    upload.reset();
  };
  const choose = (change: ChangeEvent<HTMLInputElement>) => {
    setFile(change.target.files?.[0] ?? null);
    upload.reset();
    change.target.value = ''; // so that choosing the same file again fires another change
  };
  // The rows the file was refused for, in the console's words (the API's message repeats the first in English).
  const rows: CodedRowError[] = upload.isError ? apiErrorRows(upload.error) : [];
  const refusal = upload.isError ? apiErrorCode(upload.error) : undefined;

  return (
    <>
      <Button label="resources.events.upload.button" onClick={() => setOpen(true)}>
        <UploadFileIcon />
      </Button>
      <Dialog open={open} onClose={close} fullWidth maxWidth="sm">
        <DialogTitle>{translate('resources.events.upload.title', { title: event.title })}</DialogTitle>
        <DialogContent>
          <Stack spacing={2}>
            <FormControl>
              <FormLabel id="report-kind">{translate('resources.reports.fields.kind')}</FormLabel>
              <RadioGroup
                aria-labelledby="report-kind"
                value={chosenKind}
                onChange={(change) => setKind(change.target.value as ReportKind)}
              >
                {kinds.map((k) => (
                  <FormControlLabel
                    key={k}
                    value={k}
                    control={<Radio />}
                    label={translate(`resources.reports.kinds.${k}`)}
                    disabled={upload.isPending}
                  />
                ))}
              </RadioGroup>
            </FormControl>
            <Typography variant="body2" color="text.secondary">
              {translate(`resources.events.upload.formats.${chosenKind}`)}
            </Typography>
            <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
              <Button
                label="resources.events.upload.choose"
                variant="outlined"
                disabled={upload.isPending}
                onClick={() => input.current?.click()}
              />
              <Typography variant="body2" data-testid="upload-filename">
                {file ? file.name : translate('resources.events.upload.no_file')}
              </Typography>
              <input ref={input} type="file" accept=".csv,text/csv" hidden onChange={choose} data-testid="report-file" />
            </Stack>
            {upload.isPending && (
              <Box>
                <LinearProgress
                  variant="determinate"
                  value={Math.round(progress * 100)}
                  aria-label={translate('resources.events.upload.progress')}
                />
                <Typography variant="caption" color="text.secondary">
                  {progress < 1
                    ? translate('resources.events.upload.sent', { percent: Math.round(progress * 100) })
                    : translate('resources.events.upload.reading')}
                </Typography>
              </Box>
            )}
            {upload.isError && (
              <Alert severity="error">
                {refusal ? refusalMessage(refusal, upload.error.message) : translate(upload.error.message, { _: upload.error.message })}
                {rows.length > 0 && (
                  <Box component="ul" sx={{ m: 0, pl: 2 }}>
                    {rows.slice(0, 10).map((row, i) => (
                      <li key={i}>
                        {translate('resources.reports.error_line', {
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
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button label="ra.action.cancel" onClick={close} />
          <Button
            label="resources.events.upload.submit"
            variant="contained"
            disabled={!file || upload.isPending}
            onClick={() => file && upload.mutate({ eventId: event.id, kind: chosenKind, file })}
          />
        </DialogActions>
      </Dialog>
    </>
  );
};
