import { SimpleShowLayout, TextField } from 'react-admin';
import { ActorLabelField } from '../shared/ActorLabelField';
import { ParticipantButton } from '../participants/ParticipantButton';
import { CodeField } from '../shared/CodeField';
import { DateTimeField } from '../shared/DateTimeField';
import { FourEyesNote } from '../shared/FourEyesNote';
import { OpenInTemporalButton } from '../shared/OpenInTemporalButton';
import { Section } from '../shared/Section';
import { ShowLinkField } from '../shared/ShowLinkField';
import { TaskDocuments, TaskShow } from '../shared/TaskShow';
import type { EmailChange } from '../types';
import { emailChangeTask } from './emailChangeTask';
import { UploadDocumentButtons } from './UploadDocumentButtons';

/** Four eyes: the staff who opened the request or uploaded its documents may not approve it. */
const involvedStaff = (request: EmailChange) => [
  request.created_by_type === 'staff' ? request.created_by_id : null,
  ...(request.documents ?? []).map((d) => (d.uploaded_by_type === 'staff' ? d.uploaded_by_id : null)),
];

/**
 * One email change (R21): whose, from which address to which, the two documents (uploaded here on
 * the participant's behalf while they are missing), and the reviewer's decision.
 */
export const EmailChangeShow = () => (
  <TaskShow
    task={emailChangeTask}
    actions={
      <>
        <ParticipantButton source="participant_id" />
        <OpenInTemporalButton />
      </>
    }
    facts={
      <Section title="resources.email-changes.sections.request">
        <FourEyesNote<EmailChange>
          involved={involvedStaff}
          pending={emailChangeTask.awaitsDecision}
          message="resources.email-changes.four_eyes"
        />
        <SimpleShowLayout sx={{ p: 0 }}>
          <ShowLinkField source="participant_name" reference="participants" idSource="participant_id" />
          <TextField source="member_number" emptyText="—" />
          <TextField source="old_email" />
          <TextField source="new_email" />
          <DateTimeField source="documents_due_at" />
          <DateTimeField source="reminded_at" emptyText="—" />
          <ActorLabelField source="created_by" />
          <DateTimeField source="created_at" />
          <DateTimeField source="completed_at" emptyText="—" />
          <CodeField source="end_reason" messages="resources.email-changes.end_reasons" emptyText="—" />
        </SimpleShowLayout>
      </Section>
    }
    documents={
      <TaskDocuments title="resources.email-changes.sections.documents">
        <UploadDocumentButtons />
      </TaskDocuments>
    }
  />
);
