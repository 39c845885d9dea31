import { DataTable, NumberField, ReferenceManyField, SelectField, Show, TabbedShowLayout, TextField, TopToolbar } from 'react-admin';
import { claimStatuses } from '../claims/choices';
import { ParticipantEmailChanges } from '../email-changes/ParticipantEmailChanges';
import { RequestEmailChangeButton } from '../email-changes/RequestEmailChangeButton';
import { orderStatuses } from '../orders/choices';
import { ChoiceChipField } from '../shared/ChoiceChipField';
import { CodeField } from '../shared/CodeField';
import { DateTimeField } from '../shared/DateTimeField';
import { DocumentsField } from '../shared/DocumentPreview';
import { OpenInTemporalButton } from '../shared/OpenInTemporalButton';
import { reviewStatuses } from '../reviews/reviewStatuses';
import { TierHistory } from '../tiers/TierHistory';
import { TierProgress } from '../tiers/TierProgress';
import type { Claim, Mail, Order, Participant, Review } from '../types';
import { contractPaths, participantStatuses } from './choices';
import { CloseAccountButton } from './CloseAccountButton';
import { ParticipantLedger } from './ParticipantLedger';
import { ResendConfirmationButton } from './ResendConfirmationButton';

const ParticipantShowActions = () => (
  <TopToolbar>
    <ResendConfirmationButton />
    <OpenInTemporalButton />
    <RequestEmailChangeButton />
    <CloseAccountButton />
  </TopToolbar>
);

export const ParticipantShow = () => (
  <Show<Participant> actions={<ParticipantShowActions />}>
    <TabbedShowLayout>
      <TabbedShowLayout.Tab label="resources.participants.tabs.summary">
        <TierProgress />
        <ChoiceChipField source="status" choices={participantStatuses} />
        <NumberField source="balance" />
        <TextField source="member_number" emptyText="—" />
        <TextField source="last_name" />
        <TextField source="first_name" />
        <TextField source="email" />
        <TextField source="phone" emptyText="—" />
        <SelectField source="contract_path" choices={contractPaths} />
        <TextField source="agency_name" emptyText="—" />
        <TextField source="agency_inn" emptyText="—" />
        <TextField source="contract_number" emptyText="—" />
        <TextField source="subagency_legal_name" emptyText="—" />
        <DateTimeField source="registered_at" />
        <DateTimeField source="confirmed_at" emptyText="—" />
        <DateTimeField source="activated_at" emptyText="—" />
        <CodeField source="end_reason" messages="console.reasons" emptyText="—" />
        <TextField source="workflow_id" />
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="resources.participants.tabs.ledger" path="ledger">
        <ParticipantLedger label={false} />
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="resources.participants.tabs.tier" path="tier">
        <TierHistory label={false} />
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="resources.participants.tabs.orders" path="orders">
        <ReferenceManyField reference="orders" target="participant_id" sort={{ field: 'created_at', order: 'DESC' }} label={false}>
          <DataTable<Order> rowClick="show" bulkActionButtons={false}>
            <DataTable.Col source="created_at" disableSort>
              <DateTimeField source="created_at" />
            </DataTable.Col>
            <DataTable.Col source="item_title" disableSort />
            <DataTable.NumberCol source="quantity" disableSort />
            <DataTable.NumberCol source="total_points" disableSort />
            <DataTable.Col source="status" disableSort>
              <ChoiceChipField source="status" choices={orderStatuses} />
            </DataTable.Col>
          </DataTable>
        </ReferenceManyField>
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="resources.participants.tabs.claims" path="claims">
        <ReferenceManyField reference="claims" target="participant_id" sort={{ field: 'created_at', order: 'DESC' }} label={false}>
          <DataTable<Claim> rowClick="show" bulkActionButtons={false}>
            <DataTable.Col source="created_at" disableSort>
              <DateTimeField source="created_at" />
            </DataTable.Col>
            <DataTable.Col source="event_title" disableSort />
            <DataTable.NumberCol source="points" disableSort />
            <DataTable.Col source="status" disableSort>
              <ChoiceChipField source="status" choices={claimStatuses} />
            </DataTable.Col>
            <DataTable.Col source="decision_reason" disableSort />
          </DataTable>
        </ReferenceManyField>
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="resources.participants.tabs.email_changes" path="email-changes">
        <ParticipantEmailChanges />
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="resources.participants.tabs.documents" path="documents">
        <DocumentsField />
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="resources.participants.tabs.reviews" path="reviews">
        <ReferenceManyField reference="reviews" target="participant_id" sort={{ field: 'created_at', order: 'DESC' }} label={false}>
          <DataTable<Review> rowClick="show" bulkActionButtons={false}>
            <DataTable.Col source="created_at" disableSort>
              <DateTimeField source="created_at" />
            </DataTable.Col>
            <DataTable.Col source="review_reason" disableSort>
              <CodeField source="review_reason" messages="console.reasons" />
            </DataTable.Col>
            <DataTable.Col source="status" disableSort>
              <ChoiceChipField source="status" choices={reviewStatuses} />
            </DataTable.Col>
            <DataTable.Col source="decided_by_name" disableSort />
            <DataTable.Col source="decision_reason" disableSort />
          </DataTable>
        </ReferenceManyField>
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="resources.participants.tabs.mail" path="mail">
        <ReferenceManyField reference="mail" target="participant_id" sort={{ field: 'created_at', order: 'DESC' }} label={false}>
          <DataTable<Mail> rowClick="show" bulkActionButtons={false}>
            <DataTable.Col source="created_at" disableSort>
              <DateTimeField source="created_at" />
            </DataTable.Col>
            <DataTable.Col source="kind" disableSort>
              <CodeField source="kind" messages="resources.mail.kinds" />
            </DataTable.Col>
            <DataTable.Col source="subject" disableSort />
            <DataTable.Col source="sent_at" disableSort>
              <DateTimeField source="sent_at" />
            </DataTable.Col>
          </DataTable>
        </ReferenceManyField>
      </TabbedShowLayout.Tab>
    </TabbedShowLayout>
  </Show>
);
