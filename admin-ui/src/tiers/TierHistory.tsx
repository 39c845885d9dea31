import { Alert, LinearProgress, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { DataTable, ListContextProvider, useDataProvider, useList, useRecordContext, useTranslate } from 'react-admin';
import type { ConsoleDataProvider } from '../dataProvider';
import { DateTimeField } from '../shared/DateTimeField';
import { useFormatters } from '../shared/useFormatters';
import type { Participant } from '../types';
import { TierChip } from './TierChip';
import type { TierChange } from './types';

const Column = DataTable.Col<TierChange>;

/** What a change was judged on: the period and its qualifying points and activities. */
const JudgedOn = () => {
  const change = useRecordContext<TierChange>();
  const translate = useTranslate();
  const format = useFormatters();
  if (!change) return null;
  const activities = Object.values(change.detail.activities ?? {}).reduce((sum, n) => sum + n, 0);
  return (
    <Typography variant="body2">
      {translate('resources.tiers.history.judged_on', {
        points: format.number(change.detail.points),
        activities: format.number(activities),
        start: format.date(change.detail.periodStart),
        end: format.date(new Date(Date.parse(change.detail.periodEnd) - 1)),
      })}
    </Typography>
  );
};

/** A1: the participant's tier changes, newest first: from, to, why, when; and whether the participant was told. */
export const TierHistory = (_: { label: false }) => {
  const participant = useRecordContext<Participant>();
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const translate = useTranslate();
  const history = useQuery({
    queryKey: ['participants', 'tier-history', participant?.id],
    queryFn: ({ signal }) => dataProvider.participantTierHistory(participant!.id, signal),
    enabled: participant !== undefined,
  });
  const listContext = useList<TierChange>({ data: history.data, isPending: history.isPending, perPage: 50 });
  if (history.isPending) return <LinearProgress />;
  if (history.isError) return <Alert severity="error">{history.error.message}</Alert>;
  return (
    <ListContextProvider value={listContext}>
      <DataTable<TierChange>
        resource="tier-changes"
        bulkActionButtons={false}
        rowClick={false}
        data-testid="tier-history"
        empty={<Typography variant="body2">{translate('resources.tiers.history.empty')}</Typography>}
      >
        <Column source="changed_at" label="resources.tiers.history.changed_at" disableSort>
          <DateTimeField source="changed_at" />
        </Column>
        <Column source="from_tier" label="resources.tiers.history.from" disableSort render={(c) => <TierChip code={c.from_tier} />} />
        <Column source="to_tier" label="resources.tiers.history.to" disableSort render={(c) => <TierChip code={c.to_tier} />} />
        <Column
          source="reason"
          label="resources.tiers.history.reason"
          disableSort
          render={(c) => translate(`resources.tiers.history.reasons.${c.reason}`)}
        />
        <Column source="detail" label="resources.tiers.history.judged" disableSort>
          <JudgedOn />
        </Column>
        <Column source="valid_until" label="resources.tiers.history.valid_until" disableSort>
          <DateTimeField source="valid_until" />
        </Column>
        <Column source="announced_at" label="resources.tiers.history.announced" disableSort>
          <DateTimeField source="announced_at" />
        </Column>
      </DataTable>
    </ListContextProvider>
  );
};
