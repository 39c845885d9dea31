import { Grid } from '@mui/material';
import {
  DataTable,
  NumberField,
  ReferenceManyField,
  SelectField,
  Show,
  SimpleShowLayout,
  TabbedShowLayout,
  TextField,
  TopToolbar,
} from 'react-admin';
import { IncidentTable } from '../incidents/IncidentTable';
import { reportKinds, reportStatuses } from '../reports/choices';
import { ChoiceChipField } from '../shared/ChoiceChipField';
import { ActorLabelField } from '../shared/ActorLabelField';
import { DateTimeField } from '../shared/DateTimeField';
import { OpenInTemporalButton } from '../shared/OpenInTemporalButton';
import { pollWhile } from '../shared/pollWhile';
import { Section } from '../shared/Section';
import type { EarningEvent, Report } from '../types';
import { creditingStages, eventKinds, isLive } from './choices';
import { CreditingWindowPanel } from './CreditingWindowPanel';
import { EventOutcomes } from './EventOutcomes';
import { UploadReportButton } from './UploadReportButton';

/** While the window may still change, ask the workflow again every few seconds. */
const queryOptions = pollWhile<EarningEvent>((event) => isLive(event?.window?.stage ?? event?.crediting_status), 3000);

const EventShowActions = () => (
  <TopToolbar>
    <UploadReportButton />
    <OpenInTemporalButton />
  </TopToolbar>
);

/** The event and its window side by side; `label={false}`: the tab draws no label above it. */
const EventSummary = (_: { label: false }) => (
  <Grid container spacing={4} sx={{ width: '100%' }}>
    <Grid size={{ xs: 12, lg: 5 }}>
      <Section title="resources.events.sections.event">
        <SimpleShowLayout sx={{ p: 0 }}>
          <TextField source="title" />
          <SelectField source="kind" choices={eventKinds} />
          <NumberField source="points" />
          <NumberField source="pass_mark" emptyText="—" />
          <DateTimeField source="starts_at" />
          <DateTimeField source="ends_at" emptyText="—" />
          <DateTimeField source="window_closes_at" emptyText="—" />
          <NumberField source="min_live_minutes" />
          <ChoiceChipField source="crediting_status" choices={creditingStages} />
          <NumberField source="credited_count" />
          <NumberField source="unmatched_count" />
          <ActorLabelField source="created_by" />
        </SimpleShowLayout>
      </Section>
    </Grid>
    <Grid size={{ xs: 12, lg: 7 }}>
      <Section title="resources.events.sections.window">
        <CreditingWindowPanel />
      </Section>
    </Grid>
  </Grid>
);

/** One event: its crediting window and preview, its reports, the outcomes and any incident. */
export const EventShow = () => (
  <Show<EarningEvent> actions={<EventShowActions />} queryOptions={queryOptions}>
    <TabbedShowLayout>
      <TabbedShowLayout.Tab label="resources.events.tabs.window">
        <EventSummary label={false} />
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="resources.events.tabs.reports" path="reports">
        <ReferenceManyField reference="reports" target="event_id" sort={{ field: 'created_at', order: 'DESC' }} label={false}>
          <DataTable<Report> rowClick="show" bulkActionButtons={false}>
            <DataTable.Col source="created_at" disableSort>
              <DateTimeField source="created_at" />
            </DataTable.Col>
            <DataTable.Col source="kind" disableSort>
              <SelectField source="kind" choices={reportKinds} />
            </DataTable.Col>
            <DataTable.Col source="filename" disableSort />
            <DataTable.Col source="status" disableSort>
              <ChoiceChipField source="status" choices={reportStatuses} />
            </DataTable.Col>
            <DataTable.NumberCol source="row_count" disableSort />
            <DataTable.NumberCol source="line_count" disableSort />
            <DataTable.NumberCol source="error_count" disableSort />
            <DataTable.Col source="created_by" disableSort>
              <ActorLabelField source="created_by" />
            </DataTable.Col>
          </DataTable>
        </ReferenceManyField>
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="resources.events.tabs.outcomes" path="outcomes">
        <EventOutcomes label={false} />
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="resources.events.tabs.incidents" path="incidents">
        <ReferenceManyField reference="incidents" target="event_id" sort={{ field: 'created_at', order: 'DESC' }} label={false}>
          <IncidentTable showEvent={false} />
        </ReferenceManyField>
      </TabbedShowLayout.Tab>
    </TabbedShowLayout>
  </Show>
);
