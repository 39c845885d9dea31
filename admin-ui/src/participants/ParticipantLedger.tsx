import { Alert, Button, LinearProgress, Stack, Typography } from '@mui/material';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { DataTable, ListContextProvider, useDataProvider, useList, useRecordContext, useTranslate } from 'react-admin';
import type { ConsoleDataProvider } from '../dataProvider';
import { ChoiceChipField } from '../shared/ChoiceChipField';
import { CodeField } from '../shared/CodeField';
import { ActorLabelField } from '../shared/ActorLabelField';
import { DateTimeField } from '../shared/DateTimeField';
import { Section } from '../shared/Section';
import { ShowLinkField } from '../shared/ShowLinkField';
import { useFormatters } from '../shared/useFormatters';
import type { LedgerEntry, Participant } from '../types';
import { ledgerKinds } from './choices';
import { ParticipantLots } from './ParticipantLots';
import { ReverseCreditButton } from './ReverseCreditButton';

const Column = DataTable.Col<LedgerEntry>;

/**
 * What the entry names as its source: an event's points link to the event, a spend to its order,
 * a reversal says which credit it reversed; the welcome bonus has its own words; the rest (an
 * adjustment, an expiry, leaving) are told by their kind and reason.
 */
const EntrySource = ({ entries }: { entries: LedgerEntry[] }) => {
  const entry = useRecordContext<LedgerEntry>();
  const translate = useTranslate();
  const format = useFormatters();
  if (!entry) return null;
  switch (entry.source_type) {
    case 'welcome':
      return <Typography variant="body2">{translate('resources.participants.ledger.welcome')}</Typography>;
    case 'webinar':
    case 'test':
    case 'course':
      return entry.source_title ? (
        <ShowLinkField source="source_title" reference="events" idSource="source_id" />
      ) : (
        <Typography variant="body2">—</Typography>
      );
    case 'order':
      return <ShowLinkField source="source_id" reference="orders" idSource="source_id" text="resources.participants.ledger.order" />;
    case 'reversal': {
      // The reversed credit is older: on a page not shown yet, the entry is named by its number.
      const reversed = entries.find((e) => String(e.id) === entry.source_id);
      return (
        <Typography variant="body2">
          {reversed
            ? translate('resources.participants.ledger.reversal_of', {
                amount: format.number(reversed.amount),
                date: format.date(reversed.created_at),
              })
            : translate('resources.participants.ledger.reversal_of_entry', { id: entry.source_id ?? '—' })}
        </Typography>
      );
    }
    default:
      return <Typography variant="body2">—</Typography>;
  }
};

/**
 * The participant's points tab (`label={false}`): the balance, the next expiry and the lots, then
 * the ledger entries, newest first, a page at a time (paged by key: entries written meanwhile never
 * shift a page): credits (the welcome bonus, a webinar, a passed test, a course, a claim, an
 * adjustment) and debits (a spend on an order, an expiry, an annulment), each with its source, reason
 * and author; a credit still whole can be reversed.
 */
export const ParticipantLedger = (_: { label: false }) => {
  const participant = useRecordContext<Participant>();
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const translate = useTranslate();
  const ledger = useInfiniteQuery({
    queryKey: ['participants', 'ledger', participant?.id],
    queryFn: ({ pageParam, signal }) => dataProvider.participantLedger(participant!.id, pageParam, signal),
    initialPageParam: null as number | null,
    getNextPageParam: (page) => page.next,
    enabled: participant !== undefined,
  });
  const entries = useMemo(() => ledger.data?.pages.flatMap((page) => page.entries), [ledger.data]);
  // Every entry loaded so far on one table page: older ones come with the button below it.
  const listContext = useList<LedgerEntry>({ data: entries, isPending: ledger.isPending, perPage: Math.max(entries?.length ?? 0, 1) });
  return (
    <Stack spacing={3} sx={{ width: '100%' }}>
      <ParticipantLots />
      <Section title="resources.participants.ledger.title">
        {ledger.isPending && <LinearProgress />}
        {ledger.isError && <Alert severity="error">{ledger.error.message}</Alert>}
        {entries && (
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
              <Column source="kind" label="resources.participants.ledger.kind" disableSort>
                <ChoiceChipField source="kind" choices={ledgerKinds} />
              </Column>
              <DataTable.NumberCol<LedgerEntry> source="amount" label="resources.participants.ledger.amount" disableSort />
              <Column source="source_type" label="resources.participants.ledger.source_type" disableSort>
                <CodeField source="source_type" messages="resources.participants.ledger.source_types" />
              </Column>
              <Column source="source_title" label="resources.participants.ledger.source_title" disableSort>
                <EntrySource entries={entries} />
              </Column>
              <Column source="reason" label="resources.participants.ledger.reason" disableSort />
              <Column source="created_by" label="resources.participants.ledger.created_by" disableSort>
                <ActorLabelField source="created_by" />
              </Column>
              <Column source="claim_id" label="resources.participants.ledger.claim" disableSort>
                <ShowLinkField source="claim_id" reference="claims" idSource="claim_id" text="resources.participants.ledger.by_claim" />
              </Column>
              <Column label={false} disableSort>
                <ReverseCreditButton />
              </Column>
            </DataTable>
            {ledger.hasNextPage && (
              <Button
                onClick={() => void ledger.fetchNextPage()}
                disabled={ledger.isFetchingNextPage}
                sx={{ alignSelf: 'flex-start', mt: 1 }}
                data-testid="ledger-more"
              >
                {translate('resources.participants.ledger.more', { count: entries.length })}
              </Button>
            )}
          </ListContextProvider>
        )}
      </Section>
    </Stack>
  );
};
