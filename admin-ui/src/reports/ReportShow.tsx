import EventIcon from '@mui/icons-material/Event';
import { Alert, Grid, Stack, Typography } from '@mui/material';
import {
  ArrayField,
  Button,
  DataTable,
  LinkBase,
  NumberField,
  Pagination,
  SelectField,
  Show,
  SimpleShowLayout,
  TextField,
  TopToolbar,
  useCreatePath,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { ChoiceChipField } from '../shared/ChoiceChipField';
import { CodeField } from '../shared/CodeField';
import { ActorLabelField } from '../shared/ActorLabelField';
import { DateTimeField } from '../shared/DateTimeField';
import { rowErrorText, type CodedRowError } from '../shared/rowErrorText';
import { Section } from '../shared/Section';
import type { Report } from '../types';
import { reportKinds, reportStatuses } from './choices';
import { ConfirmReportButton, DiscardReportButton } from './ReportActionButtons';

const EventButton = () => {
  const report = useRecordContext<Report>();
  const createPath = useCreatePath();
  if (!report) return null;
  return (
    <Button
      component={LinkBase}
      label="resources.reports.actions.open_event"
      to={createPath({ resource: 'events', id: report.event_id, type: 'show' })}
    >
      <EventIcon />
    </Button>
  );
};

const ReportShowActions = () => (
  <TopToolbar>
    <EventButton />
    <DiscardReportButton />
    <ConfirmReportButton />
  </TopToolbar>
);

/** What staff check before confirming: in preview nothing counts yet. */
const PreviewNotice = () => {
  const report = useRecordContext<Report>();
  const translate = useTranslate();
  if (report?.status !== 'preview') return null;
  return <Alert severity="info">{translate('resources.reports.preview_notice')}</Alert>;
};

/** Rows the file had but that were not counted, with why: row (line of the file), column, message. */
const ErrorsSection = () => {
  const report = useRecordContext<Report>();
  const translate = useTranslate();
  if (!report) return null;
  return (
    <Section title="resources.reports.sections.errors">
      {report.error_count === 0 ? (
        <Typography variant="body2">{translate('resources.reports.no_errors')}</Typography>
      ) : (
        <ArrayField source="errors" perPage={25}>
          <DataTable bulkActionButtons={false} rowClick={false}>
            <DataTable.NumberCol source="row" label="resources.reports.error_fields.row" disableSort />
            <DataTable.Col source="field" label="resources.reports.error_fields.field" disableSort />
            <DataTable.Col
              source="message"
              label="resources.reports.error_fields.message"
              disableSort
              render={(error: CodedRowError) => rowErrorText(error, translate)}
            />
          </DataTable>
          {report.error_count > 25 && <Pagination rowsPerPageOptions={[25]} />}
        </ArrayField>
      )}
    </Section>
  );
};

/** The first lines as they will be credited: one per email, segments summed. */
const LinesSection = () => {
  const report = useRecordContext<Report>();
  const translate = useTranslate();
  if (!report?.lines) return null;
  const kind = report.kind;
  return (
    <Section title="resources.reports.sections.lines">
      {report.lines.length === 0 ? (
        <Typography variant="body2">{translate('resources.reports.no_lines')}</Typography>
      ) : (
        <>
          <Typography variant="body2" color="text.secondary" gutterBottom>
            {translate('resources.reports.lines_shown', { shown: report.lines.length, total: report.line_count })}
          </Typography>
          <ArrayField source="lines" perPage={100}>
            <DataTable bulkActionButtons={false} rowClick={false}>
              <DataTable.Col source="email" label="resources.reports.line_fields.email" disableSort />
              {kind === 'attendance' && (
                <DataTable.NumberCol source="live_minutes" label="resources.reports.line_fields.live_minutes" disableSort />
              )}
              {kind === 'attendance' && (
                <DataTable.NumberCol source="recording_minutes" label="resources.reports.line_fields.recording_minutes" disableSort />
              )}
              {kind === 'test_results' && <DataTable.NumberCol source="score" label="resources.reports.line_fields.score" disableSort />}
              {kind === 'course_completions' && (
                <DataTable.Col source="completed_at" label="resources.reports.line_fields.completed_at" disableSort>
                  <DateTimeField source="completed_at" />
                </DataTable.Col>
              )}
            </DataTable>
          </ArrayField>
        </>
      )}
    </Section>
  );
};

/** An uploaded report: its preview (format, counts, errors, first lines) and Confirm / Discard while in preview. */
export const ReportShow = () => (
  <Show<Report> actions={<ReportShowActions />}>
    <Grid container spacing={4} sx={{ p: 2 }}>
      <Grid size={{ xs: 12, lg: 4 }}>
        <Stack spacing={3}>
          <PreviewNotice />
          <Section title="resources.reports.sections.report">
            <SimpleShowLayout sx={{ p: 0 }}>
              <TextField source="event_title" />
              <ChoiceChipField source="status" choices={reportStatuses} />
              <SelectField source="kind" choices={reportKinds} />
              <TextField source="filename" emptyText="—" />
              <CodeField source="format" messages="resources.reports.formats" />
              <NumberField source="row_count" />
              <NumberField source="line_count" />
              <NumberField source="error_count" />
              <ActorLabelField source="created_by" />
              <DateTimeField source="created_at" />
              <DateTimeField source="confirmed_at" emptyText="—" />
            </SimpleShowLayout>
          </Section>
        </Stack>
      </Grid>
      <Grid size={{ xs: 12, lg: 8 }}>
        <Stack spacing={3}>
          <ErrorsSection />
          <LinesSection />
        </Stack>
      </Grid>
    </Grid>
  </Show>
);
