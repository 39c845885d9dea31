import { Grid, Stack } from '@mui/material';
import {
  BooleanField,
  NumberField,
  Show,
  SimpleShowLayout,
  TextField,
  TopToolbar,
  useRecordContext
} from 'react-admin';
import { ParticipantButton } from '../participants/ParticipantButton';
import { ChoiceChipField } from '../shared/ChoiceChipField';
import { CodeField } from '../shared/CodeField';
import { DateTimeField } from '../shared/DateTimeField';
import { DocumentsField } from '../shared/DocumentPreview';
import { OpenInTemporalButton } from '../shared/OpenInTemporalButton';
import { pollWhile } from '../shared/pollWhile';
import { Section } from '../shared/Section';
import { ShowLinkField } from '../shared/ShowLinkField';
import type { Order } from '../types';
import { holdStatuses, isOpen, orderStatuses } from './choices';
import { ApproveOrderButton, RejectOrderButton } from './DecisionButtons';

/** While the order's workflow still waits (documents, a reviewer, completion), look again every few seconds. */
const queryOptions = pollWhile<Order>((order) => isOpen(order?.status), 5000);

const OrderShowActions = () => (
  <TopToolbar>
    <ParticipantButton source="participant_id" />
    <OpenInTemporalButton />
    <RejectOrderButton />
    <ApproveOrderButton />
  </TopToolbar>
);

const DecisionSection = () => {
  const order = useRecordContext<Order>();
  if (!order?.decision) return null;
  return (
    <Section title="resources.orders.sections.decision">
      <SimpleShowLayout sx={{ p: 0 }}>
        <CodeField source="decision" messages="resources.orders.decisions" />
        <TextField source="decided_by" emptyText="—" />
        <DateTimeField source="decided_at" />
        <TextField source="decision_reason" emptyText="—" />
      </SimpleShowLayout>
    </Section>
  );
};

/** The affiliation documents (R17), when the shop asked for them. */
const DocumentsSection = () => {
  const order = useRecordContext<Order>();
  if (!order?.affiliation_check) return null;
  return (
    <Section title="resources.orders.sections.documents">
      <DocumentsField />
    </Section>
  );
};

/** One order: the item, the points and their hold, the deadlines of its waits, the documents and the reviewer's decision. */
export const OrderShow = () => (
  <Show<Order> actions={<OrderShowActions />} queryOptions={queryOptions}>
    <Grid container spacing={4} sx={{ p: 2 }}>
      <Grid size={{ xs: 12, lg: 5 }}>
        <Stack spacing={3}>
          <Section title="resources.orders.sections.order">
            <SimpleShowLayout sx={{ p: 0 }}>
              <ChoiceChipField source="status" choices={orderStatuses} />
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
              <TextField source="created_by" />
              <DateTimeField source="created_at" />
            </SimpleShowLayout>
          </Section>
          <DecisionSection />
        </Stack>
      </Grid>
      <Grid size={{ xs: 12, lg: 7 }}>
        <DocumentsSection />
      </Grid>
    </Grid>
  </Show>
);
