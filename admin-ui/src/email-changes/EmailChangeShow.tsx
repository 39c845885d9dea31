import { Grid, Stack } from '@mui/material';
import { Show, SimpleShowLayout, TextField, TopToolbar, useRecordContext } from 'react-admin';
import { ParticipantButton } from '../participants/ParticipantButton';
import { ChoiceChipField } from '../shared/ChoiceChipField';
import { CodeField } from '../shared/CodeField';
import { DateTimeField } from '../shared/DateTimeField';
import { DocumentsField } from '../shared/DocumentPreview';
import { OpenInTemporalButton } from '../shared/OpenInTemporalButton';
import { pollWhile } from '../shared/pollWhile';
import { Section } from '../shared/Section';
import { ShowLinkField } from '../shared/ShowLinkField';
import type { EmailChange } from '../types';
import { emailChangeStatuses, isOpen } from './choices';
import { ApproveEmailChangeButton, RejectEmailChangeButton } from './DecisionButtons';
import { UploadDocumentButtons } from './UploadDocumentButtons';

/** While the request's workflow still waits (documents, a reviewer, the new address), look again every few seconds. */
const queryOptions = pollWhile<EmailChange>((request) => isOpen(request?.status), 5000);

const EmailChangeShowActions = () => (
  <TopToolbar>
    <ParticipantButton source="participant_id" />
    <OpenInTemporalButton />
    <RejectEmailChangeButton />
    <ApproveEmailChangeButton />
  </TopToolbar>
);

const DecisionSection = () => {
  const request = useRecordContext<EmailChange>();
  if (!request?.decided_at) return null;
  return (
    <Section title="resources.email-changes.sections.decision">
      <SimpleShowLayout sx={{ p: 0 }}>
        <TextField source="decided_by" emptyText="—" />
        <DateTimeField source="decided_at" />
        <TextField source="decision_reason" emptyText="—" />
      </SimpleShowLayout>
    </Section>
  );
};

/**
 * One email change (R21): whose, from which address to which, the two documents (uploaded here on
 * the participant's behalf while they are missing), and the reviewer's decision.
 */
export const EmailChangeShow = () => (
  <Show<EmailChange> actions={<EmailChangeShowActions />} queryOptions={queryOptions}>
    <Grid container spacing={4} sx={{ p: 2 }}>
      <Grid size={{ xs: 12, lg: 5 }}>
        <Stack spacing={3}>
          <Section title="resources.email-changes.sections.request">
            <SimpleShowLayout sx={{ p: 0 }}>
              <ChoiceChipField source="status" choices={emailChangeStatuses} />
              <ShowLinkField source="participant_name" reference="participants" idSource="participant_id" />
              <TextField source="member_number" emptyText="—" />
              <TextField source="old_email" />
              <TextField source="new_email" />
              <DateTimeField source="documents_due_at" />
              <DateTimeField source="reminded_at" emptyText="—" />
              <TextField source="created_by" />
              <DateTimeField source="created_at" />
              <DateTimeField source="completed_at" emptyText="—" />
              <CodeField source="end_reason" messages="resources.email-changes.end_reasons" emptyText="—" />
            </SimpleShowLayout>
          </Section>
          <DecisionSection />
        </Stack>
      </Grid>
      <Grid size={{ xs: 12, lg: 7 }}>
        <Section title="resources.email-changes.sections.documents">
          <UploadDocumentButtons />
          <DocumentsField />
        </Section>
      </Grid>
    </Grid>
  </Show>
);
