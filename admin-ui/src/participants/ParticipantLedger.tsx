import { Alert, LinearProgress, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { DataTable, ListContextProvider, useDataProvider, useList, useRecordContext, useTranslate } from 'react-admin';
import type { ConsoleDataProvider } from '../dataProvider';
import { CodeField } from '../shared/CodeField';
import { DateTimeField } from '../shared/DateTimeField';
import { ShowLinkField } from '../shared/ShowLinkField';
import type { LedgerEntry, Participant } from '../types';

const Column = DataTable.Col<LedgerEntry>;

/** An event's points link to the event; the welcome bonus (and any entry without an event) has none. */
const SourceTitle = () => {
  const entry = useRecordContext<LedgerEntry>();
  const translate = useTranslate();
  if (!entry) return null;
  if (entry.source_type === 'welcome') return <Typography variant="body2">{translate('resources.participants.ledger.welcome')}</Typography>;
  if (!entry.source_title) return <Typography variant="body2">—</Typography>;
  return <ShowLinkField source="source_title" reference="events" idSource="source_id" />;
};

/**
 * The participant's points ledger, newest first: every credit with its amount, where it came from
 * (the welcome bonus, a webinar, a passed test, a course) and when; `label={false}` for the tab.
 */
export const ParticipantLedger = (_: { label: false }) => {
  const participant = useRecordContext<Participant>();
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const translate = useTranslate();
  const ledger = useQuery({
    queryKey: ['participants', 'ledger', participant?.id],
    queryFn: ({ signal }) => dataProvider.participantLedger(participant!.id, signal),
    enabled: participant !== undefined,
  });
  const listContext = useList<LedgerEntry>({ data: ledger.data, isPending: ledger.isPending, perPage: 50 });
  if (ledger.isPending) return <LinearProgress />;
  if (ledger.isError) return <Alert severity="error">{ledger.error.message}</Alert>;
  return (
    <ListContextProvider value={listContext}>
      <DataTable<LedgerEntry>
        resource="ledger"
        bulkActionButtons={false}
        rowClick={false}
        empty={<Typography variant="body2">{translate('resources.participants.ledger.empty')}</Typography>}
      >
        <Column source="created_at" label="resources.participants.ledger.created_at" disableSort>
          <DateTimeField source="created_at" />
        </Column>
        <DataTable.NumberCol<LedgerEntry> source="amount" label="resources.participants.ledger.amount" disableSort />
        <Column source="source_type" label="resources.participants.ledger.source_type" disableSort>
          <CodeField source="source_type" messages="resources.participants.ledger.source_types" />
        </Column>
        <Column source="source_title" label="resources.participants.ledger.source_title" disableSort>
          <SourceTitle />
        </Column>
        <Column source="claim_id" label="resources.participants.ledger.claim" disableSort>
          <ShowLinkField source="claim_id" reference="claims" idSource="claim_id" text="resources.participants.ledger.by_claim" />
        </Column>
      </DataTable>
    </ListContextProvider>
  );
};
