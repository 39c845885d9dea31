import { Grid, Stack, Typography } from '@mui/material';
import {
  ArrayField,
  BooleanField,
  DataTable,
  NumberField,
  SelectField,
  Show,
  SimpleShowLayout,
  TextField,
  TopToolbar,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { eventKinds } from '../events/choices';
import { ParticipantButton } from '../participants/ParticipantButton';
import { reportKinds, reportStatuses } from '../reports/choices';
import { ChoiceChipField } from '../shared/ChoiceChipField';
import { CodeField } from '../shared/CodeField';
import { DateTimeField } from '../shared/DateTimeField';
import { OpenInTemporalButton } from '../shared/OpenInTemporalButton';
import { Section } from '../shared/Section';
import { ShowLinkField } from '../shared/ShowLinkField';
import type { Claim } from '../types';
import { claimStatuses } from './choices';
import { ApproveClaimButton, RejectClaimButton } from './DecisionButtons';

const ClaimShowActions = () => (
  <TopToolbar>
    <ParticipantButton source="participant_id" />
    <OpenInTemporalButton />
    <RejectClaimButton />
    <ApproveClaimButton />
  </TopToolbar>
);

const DecisionSection = () => {
  const claim = useRecordContext<Claim>();
  if (!claim || claim.status === 'open') return null;
  return (
    <Section title="resources.claims.sections.decision">
      <SimpleShowLayout sx={{ p: 0 }}>
        <TextField source="decided_by" emptyText="—" />
        <DateTimeField source="decided_at" emptyText="—" />
        <TextField source="decision_reason" emptyText="—" />
      </SimpleShowLayout>
    </Section>
  );
};

/** What the event's confirmed reports say of the claimant's email. */
const EvidenceSection = () => {
  const claim = useRecordContext<Claim>();
  const translate = useTranslate();
  if (!claim?.evidence) return null;
  return (
    <Section title="resources.claims.sections.evidence">
      {claim.evidence.length === 0 ? (
        <Typography variant="body2">{translate('resources.claims.no_evidence')}</Typography>
      ) : (
        <ArrayField source="evidence">
          <DataTable bulkActionButtons={false} rowClick={false}>
            <DataTable.Col source="created_at" label="resources.reports.fields.created_at" disableSort>
              <DateTimeField source="created_at" />
            </DataTable.Col>
            <DataTable.Col source="kind" label="resources.reports.fields.kind" disableSort>
              <SelectField source="kind" choices={reportKinds} />
            </DataTable.Col>
            <DataTable.Col source="filename" label="resources.reports.fields.filename" disableSort>
              <ShowLinkField source="filename" reference="reports" idSource="report_id" />
            </DataTable.Col>
            <DataTable.Col source="status" label="resources.reports.fields.status" disableSort>
              <ChoiceChipField source="status" choices={reportStatuses} />
            </DataTable.Col>
            <DataTable.NumberCol source="live_minutes" label="resources.reports.line_fields.live_minutes" disableSort />
            <DataTable.NumberCol source="recording_minutes" label="resources.reports.line_fields.recording_minutes" disableSort />
            <DataTable.NumberCol source="score" label="resources.reports.line_fields.score" disableSort />
            <DataTable.Col source="completed_at" label="resources.reports.line_fields.completed_at" disableSort>
              <DateTimeField source="completed_at" />
            </DataTable.Col>
          </DataTable>
        </ArrayField>
      )}
    </Section>
  );
};

/** The window's verdict for the claimant's email, when it was reported at all. */
const OutcomeSection = () => {
  const claim = useRecordContext<Claim>();
  const translate = useTranslate();
  if (!claim || claim.outcome === undefined) return null;
  return (
    <Section title="resources.claims.sections.outcome">
      {claim.outcome === null ? (
        <Typography variant="body2">{translate('resources.claims.no_outcome')}</Typography>
      ) : (
        <SimpleShowLayout record={{ id: claim.id, ...claim.outcome }} resource="outcomes" sx={{ p: 0 }}>
          <BooleanField source="credited" />
          <CodeField source="reason" messages="console.ineligibility" emptyText="—" />
          <NumberField source="live_minutes" emptyText="—" />
          <NumberField source="score" emptyText="—" />
        </SimpleShowLayout>
      )}
    </Section>
  );
};

/** One claim of missing points (A4): the statement, the evidence, the window's verdict and the decision. */
export const ClaimShow = () => (
  <Show<Claim> actions={<ClaimShowActions />}>
    <Grid container spacing={4} sx={{ p: 2 }}>
      <Grid size={{ xs: 12, lg: 5 }}>
        <Stack spacing={3}>
          <Section title="resources.claims.sections.claim">
            <SimpleShowLayout sx={{ p: 0 }}>
              <ChoiceChipField source="status" choices={claimStatuses} />
              <ShowLinkField source="participant_name" reference="participants" idSource="participant_id" />
              <TextField source="email" />
              <ShowLinkField source="event_title" reference="events" idSource="event_id" />
              <SelectField source="event_kind" choices={eventKinds} />
              <NumberField source="points" />
              <TextField source="statement" />
              <DateTimeField source="deadline_at" />
              <TextField source="created_by" />
              <DateTimeField source="created_at" />
            </SimpleShowLayout>
          </Section>
          <DecisionSection />
        </Stack>
      </Grid>
      <Grid size={{ xs: 12, lg: 7 }}>
        <Stack spacing={3}>
          <OutcomeSection />
          <EvidenceSection />
        </Stack>
      </Grid>
    </Grid>
  </Show>
);
