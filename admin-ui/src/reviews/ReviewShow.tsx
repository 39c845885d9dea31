import { SelectField, SimpleShowLayout, TextField } from 'react-admin';
import { contractPaths } from '../participants/choices';
import { ParticipantButton } from '../participants/ParticipantButton';
import { CodeField } from '../shared/CodeField';
import { DateTimeField } from '../shared/DateTimeField';
import { Section } from '../shared/Section';
import { TaskDocuments, TaskShow } from '../shared/TaskShow';
import { RegistryCandidatesField } from './RegistryCandidatesField';
import { reviewTask } from './reviewTask';

/** One review: why it needs a person, what the registrant entered, the letter, and the decision. */
export const ReviewShow = () => (
  <TaskShow
    task={reviewTask}
    actions={<ParticipantButton source="participant_id" />}
    facts={
      <>
        <Section title="resources.reviews.sections.review">
          <SimpleShowLayout sx={{ p: 0 }}>
            <CodeField source="review_reason" messages="console.reasons" />
            <RegistryCandidatesField source="registry_hint" />
            <DateTimeField source="created_at" />
          </SimpleShowLayout>
        </Section>
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
      </>
    }
    documents={<TaskDocuments title="resources.reviews.sections.documents" />}
  />
);
