import { NumberField, SimpleShowLayout, TextField } from 'react-admin';
import { ParticipantButton } from '../participants/ParticipantButton';
import { DateTimeField } from '../shared/DateTimeField';
import { FourEyesNote } from '../shared/FourEyesNote';
import { Section } from '../shared/Section';
import { ShowLinkField } from '../shared/ShowLinkField';
import { TaskShow } from '../shared/TaskShow';
import type { AdjustmentRequest } from '../types';
import { adjustmentRequestTask } from './adjustmentRequestTask';

const requester = (request: AdjustmentRequest) => [request.requested_by_id];

/** One adjustment above the four-eyes limit: whose, how much and why, who asked, and the decision. */
export const AdjustmentRequestShow = () => (
  <TaskShow
    task={adjustmentRequestTask}
    actions={<ParticipantButton source="participant_id" />}
    facts={
      <Section title="resources.adjustment-requests.sections.request">
        <FourEyesNote<AdjustmentRequest>
          involved={requester}
          pending={adjustmentRequestTask.awaitsDecision}
          message="resources.adjustment-requests.four_eyes"
        />
        <SimpleShowLayout sx={{ p: 0 }}>
          <ShowLinkField source="participant_name" reference="participants" idSource="participant_id" />
          <TextField source="member_number" emptyText="—" />
          <NumberField source="amount" options={{ signDisplay: 'always' }} />
          <TextField source="reason" />
          <TextField source="requested_by" />
          <DateTimeField source="created_at" />
        </SimpleShowLayout>
      </Section>
    }
  />
);
