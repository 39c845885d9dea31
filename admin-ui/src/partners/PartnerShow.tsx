import {
  BooleanField,
  DataTable,
  EditButton,
  NumberField,
  ReferenceManyField,
  Show,
  TabbedShowLayout,
  TextField,
  TopToolbar,
  usePermissions,
} from 'react-admin';
import { ChoiceChipField } from '../shared/ChoiceChipField';
import { ActorLabelField } from '../shared/ActorLabelField';
import { DateTimeField } from '../shared/DateTimeField';
import { ShowLinkField } from '../shared/ShowLinkField';
import type { StaffRole } from '../types';
import { accrualStatuses } from './choices';
import { EarningRuleField, PendingPeriodField } from './EarningRuleField';
import { PartnerClients } from './PartnerClients';
import { PartnerStatement } from './PartnerStatement';
import { roubles, transactionDate, type Partner, type PartnerAccrual } from './types';

const PartnerShowActions = () => {
  const { permissions } = usePermissions<StaffRole>();
  return <TopToolbar>{permissions === 'admin' && <EditButton />}</TopToolbar>;
};

const Column = DataTable.Col<PartnerAccrual>;

/** A2: a partner, its API clients, its accruals (newest first) and its monthly statement. */
export const PartnerShow = () => (
  <Show<Partner> actions={<PartnerShowActions />}>
    <TabbedShowLayout>
      <TabbedShowLayout.Tab label="resources.partners.tabs.summary">
        <TextField source="name" />
        <EarningRuleField label="resources.partners.fields.earning_rule" />
        <BooleanField source="qualifies" />
        <PendingPeriodField label="resources.partners.fields.pending_period_ms" />
        <NumberField
          source="price_per_point_kopecks"
          transform={(kopecks: number) => kopecks / 100}
          options={{ minimumFractionDigits: 2 }}
        />
        <BooleanField source="active" />
        <ActorLabelField source="created_by" />
        <DateTimeField source="created_at" />
        <DateTimeField source="updated_at" />
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="resources.partners.tabs.clients" path="clients">
        <PartnerClients />
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="resources.partners.tabs.accruals" path="accruals">
        <ReferenceManyField
          reference="partner-accruals"
          target="partner_id"
          sort={{ field: 'id', order: 'DESC' }}
          perPage={50}
          label={false}
        >
          <DataTable<PartnerAccrual> rowClick={false} bulkActionButtons={false}>
            <Column source="transaction_id" disableSort />
            <Column source="participant_name" disableSort>
              <ShowLinkField source="participant_name" reference="participants" idSource="participant_id" />
            </Column>
            <Column source="member_number" disableSort />
            <Column source="transaction_at" disableSort render={(a) => transactionDate(a)} />
            <Column source="amount_kopecks" disableSort render={(a) => roubles(a.amount_kopecks)} />
            <Column source="kind" disableSort />
            <DataTable.NumberCol source="points" disableSort />
            <Column source="status" disableSort>
              <ChoiceChipField source="status" choices={accrualStatuses} />
            </Column>
            <Column source="due_at" disableSort>
              <DateTimeField source="due_at" />
            </Column>
            <DataTable.NumberCol source="reversed_points" disableSort />
          </DataTable>
        </ReferenceManyField>
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="resources.partners.tabs.statement" path="statement">
        <PartnerStatement />
      </TabbedShowLayout.Tab>
    </TabbedShowLayout>
  </Show>
);
