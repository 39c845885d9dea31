import { DataTable, List, NumberField, SelectInput, TextInput, useRecordContext, useTranslate } from 'react-admin';
import { ActorLabelField } from '../shared/ActorLabelField';
import { ledgerKinds } from '../participants/choices';
import { ChoiceChipField } from '../shared/ChoiceChipField';
import { DateTimeField } from '../shared/DateTimeField';
import { ShowLinkField } from '../shared/ShowLinkField';
import type { LedgerFlow } from '../dashboard/types';

/** A row of GET /admin/api/ledger-entries. */
interface LedgerEntryRow {
  id: number;
  participant_id: string;
  member_number: string | null;
  email: string;
  first_name: string;
  last_name: string;
  kind: 'credit' | 'spend' | 'expire' | 'annul';
  amount: number;
  source_type: string;
  source_id: string;
  reason: string | null;
  created_by: string | null;
  created_at: string;
  lot_remaining: number | null;
  lot_expires_at: string | null;
}

const Column = DataTable.Col<LedgerEntryRow>;

const FLOWS: LedgerFlow[] = ['credited', 'spent', 'donated', 'expired', 'annulled'];
const flowChoices = FLOWS.map((flow) => ({ id: flow, name: `console.dashboard.flows.${flow}` }));

// The dashboard's figures open this list with these filters: a flow in a month, or the credits expiring in a month.
const filters = [
  <SelectInput key="flow" source="flow" choices={flowChoices} emptyText="console.all" alwaysOn />,
  <TextInput key="month" source="month" helperText="resources.ledger-entries.month_format" alwaysOn />,
  <TextInput key="expiring" source="expiring" helperText="resources.ledger-entries.month_format" />,
];

const SourceType = () => {
  const entry = useRecordContext<LedgerEntryRow>();
  const translate = useTranslate();
  if (!entry) return null;
  return <span>{translate(`resources.participants.ledger.source_types.${entry.source_type}`, { _: entry.source_type })}</span>;
};

/**
 * Every participant's ledger entries, newest first: the list behind the dashboard's points (each
 * figure is the sum of the `amount`s this list shows for its filter).
 */
export const LedgerEntryList = () => (
  <List<LedgerEntryRow> filters={filters} sort={{ field: 'created_at', order: 'DESC' }} exporter={false}>
    <DataTable bulkActionButtons={false} rowClick={false}>
      <Column source="created_at">
        <DateTimeField source="created_at" />
      </Column>
      <Column source="email" disableSort>
        <ShowLinkField source="email" reference="participants" idSource="participant_id" />
      </Column>
      <Column source="member_number" disableSort />
      <Column source="kind" disableSort>
        <ChoiceChipField source="kind" choices={ledgerKinds} />
      </Column>
      <Column source="source_type" disableSort>
        <SourceType />
      </Column>
      <DataTable.NumberCol source="amount" />
      <Column source="reason" disableSort />
      <Column source="created_by" disableSort>
        <ActorLabelField source="created_by" />
      </Column>
      <Column source="lot_remaining" disableSort>
        <NumberField source="lot_remaining" emptyText="—" />
      </Column>
      <Column source="lot_expires_at" disableSort>
        <DateTimeField source="lot_expires_at" emptyText="—" />
      </Column>
    </DataTable>
  </List>
);
