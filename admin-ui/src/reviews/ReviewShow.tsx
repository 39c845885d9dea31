import { Grid, Stack } from '@mui/material';
import { SelectField, Show, SimpleShowLayout, TextField, TopToolbar, useRecordContext } from 'react-admin';
import { contractPaths } from '../participants/choices';
import { ParticipantButton } from '../participants/ParticipantButton';
import { ChoiceChipField } from '../shared/ChoiceChipField';
import { CodeField } from '../shared/CodeField';
import { DateTimeField } from '../shared/DateTimeField';
import { DocumentsField } from '../shared/DocumentPreview';
import { Section } from '../shared/Section';
import type { Review } from '../types';
import { ApproveButton } from './ApproveButton';
import { RejectButton } from './RejectButton';
import { reviewStatuses } from './reviewStatuses';

const ReviewShowActions = () => (
  <TopToolbar>
    <ParticipantButton source="participant_id" />
    <RejectButton />
    <ApproveButton />
  </TopToolbar>
);

const DecisionSection = () => {
  const review = useRecordContext<Review>();
  if (!review || review.status === 'open') return null;
  return (
    <Section title="resources.reviews.sections.decision">
      <SimpleShowLayout sx={{ p: 0 }}>
        <TextField source="decided_by_name" emptyText="—" />
        <DateTimeField source="decided_at" />
        <TextField source="decision_reason" emptyText="—" />
      </SimpleShowLayout>
    </Section>
  );
};

/** One review: why it needs a person, what the registrant entered, the letter, and the decision. */
export const ReviewShow = () => (
  <Show<Review> actions={<ReviewShowActions />}>
    <Grid container spacing={4} sx={{ p: 2 }}>
      <Grid size={{ xs: 12, lg: 5 }}>
        <Stack spacing={3}>
          <Section title="resources.reviews.sections.review">
            <SimpleShowLayout sx={{ p: 0 }}>
              <ChoiceChipField source="status" choices={reviewStatuses} />
              <CodeField source="review_reason" messages="console.reasons" />
              <TextField source="registry_hint" />
              <DateTimeField source="created_at" />
            </SimpleShowLayout>
          </Section>
          <DecisionSection />
          <Section title="resources.reviews.sections.form">
            <SimpleShowLayout sx={{ p: 0 }}>
              <TextField source="form.last_name" />
              <TextField source="form.first_name" />
              <TextField source="form.email" />
              <SelectField source="form.contract_path" choices={contractPaths} />
              <TextField source="form.agency_name" emptyText="—" />
              <TextField source="form.agency_inn" emptyText="—" />
              <TextField source="form.contract_number" emptyText="—" />
              <TextField source="form.subagency_legal_name" emptyText="—" />
            </SimpleShowLayout>
          </Section>
        </Stack>
      </Grid>
      <Grid size={{ xs: 12, lg: 7 }}>
        <Section title="resources.reviews.sections.documents">
          <DocumentsField />
        </Section>
      </Grid>
    </Grid>
  </Show>
);
