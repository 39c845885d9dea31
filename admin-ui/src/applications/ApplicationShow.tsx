import { EmailField, SelectField, SimpleShowLayout, TextField } from 'react-admin';
import { ActorLabelField } from '../shared/ActorLabelField';
import { CodeField } from '../shared/CodeField';
import { DateTimeField } from '../shared/DateTimeField';
import { OpenInTemporalButton } from '../shared/OpenInTemporalButton';
import { Section } from '../shared/Section';
import { TaskDocuments, TaskShow } from '../shared/TaskShow';
import { applicationTask } from './applicationTask';
import { contractPaths } from './choices';

/**
 * One organisation's application (A7): who applies, for which contract, the two signed documents
 * side by side, and the manager's decision; once approved, the contract the registry now holds.
 */
export const ApplicationShow = () => (
  <TaskShow
    task={applicationTask}
    actions={<OpenInTemporalButton />}
    facts={
      <>
        <Section title="resources.applications.sections.organisation">
          <SimpleShowLayout sx={{ p: 0 }}>
            <TextField source="number" />
            <TextField source="legal_name" />
            <TextField source="inn" />
            <TextField source="kpp" emptyText="—" />
            <TextField source="address" />
            <SelectField source="contract_path" choices={contractPaths} />
          </SimpleShowLayout>
        </Section>
        <Section title="resources.applications.sections.application">
          <SimpleShowLayout sx={{ p: 0 }}>
            <TextField source="contact_name" />
            <EmailField source="contact_email" />
            <ActorLabelField source="created_by" />
            <DateTimeField source="created_at" />
            <DateTimeField source="documents_due_at" />
            <DateTimeField source="reminded_at" emptyText="—" />
            <TextField source="contract_number" emptyText="—" />
            <CodeField source="end_reason" messages="resources.applications.end_reasons" emptyText="—" />
          </SimpleShowLayout>
        </Section>
      </>
    }
    documents={<TaskDocuments title="resources.applications.sections.documents" />}
  />
);
