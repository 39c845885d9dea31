import { BooleanField, NumberField, SimpleShowLayout, TextField, useRecordContext } from 'react-admin';
import { ParticipantButton } from '../participants/ParticipantButton';
import { ChoiceChipField } from '../shared/ChoiceChipField';
import { CodeField } from '../shared/CodeField';
import { ActorLabelField } from '../shared/ActorLabelField';
import { DateTimeField } from '../shared/DateTimeField';
import { OpenInTemporalButton } from '../shared/OpenInTemporalButton';
import { Section } from '../shared/Section';
import { ShowLinkField } from '../shared/ShowLinkField';
import { TaskDocuments, TaskShow } from '../shared/TaskShow';
import type { Order } from '../types';
import { holdStatuses } from './choices';
import { orderTask } from './orderTask';

/** The affiliation documents (R17), when the shop asked for them. */
const DocumentsSection = () => {
  const order = useRecordContext<Order>();
  if (!order?.affiliation_check) return null;
  return <TaskDocuments title="resources.orders.sections.documents" />;
};

/** One order: the item, the points and their hold, the deadlines of its waits, the documents and the reviewer's decision. */
export const OrderShow = () => (
  <TaskShow
    task={orderTask}
    actions={
      <>
        <ParticipantButton source="participant_id" />
        <OpenInTemporalButton />
      </>
    }
    facts={
      <Section title="resources.orders.sections.order">
        <SimpleShowLayout sx={{ p: 0 }}>
          <ShowLinkField source="participant_name" reference="participants" idSource="participant_id" />
          <TextField source="participant_email" />
          <TextField source="item_title" />
          <TextField source="sku" />
          <NumberField source="quantity" />
          <NumberField source="unit_points" />
          <NumberField source="total_points" />
          <ChoiceChipField source="hold_status" choices={holdStatuses} />
          <BooleanField source="affiliation_check" />
          <DateTimeField source="documents_deadline_at" emptyText="—" />
          <DateTimeField source="documents_received_at" emptyText="—" />
          <DateTimeField source="payment_deadline_at" emptyText="—" />
          <DateTimeField source="completed_at" emptyText="—" />
          <CodeField source="end_reason" messages="resources.orders.end_reasons" emptyText="—" />
          <ActorLabelField source="created_by" />
          <DateTimeField source="created_at" />
        </SimpleShowLayout>
      </Section>
    }
    documents={<DocumentsSection />}
  />
);
