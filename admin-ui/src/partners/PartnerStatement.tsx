import { Alert, LinearProgress, Stack, TextField as MuiTextField, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { DataTable, ListContextProvider, useList, useRecordContext, useTranslate } from 'react-admin';
import { apiUrl, httpClient } from '../dataProvider';
import { CsvExportButton } from '../ledger/CsvExportButton';
import { DateTimeField } from '../shared/DateTimeField';
import { Section } from '../shared/Section';
import { useFormatters } from '../shared/useFormatters';
import { roubles, transactionDate, type Partner, type PartnerAccrual, type PartnerStatement as Statement } from './types';

const Column = DataTable.Col<PartnerAccrual>;

/** Accruals or reversals of the month, as a table. */
const Lines = ({ rows, reversal }: { rows: PartnerAccrual[]; reversal: boolean }) => {
  const translate = useTranslate();
  const listContext = useList({ data: rows, perPage: 1000 });
  return (
    <ListContextProvider value={listContext}>
      <DataTable
        resource="partner-accruals"
        bulkActionButtons={false}
        rowClick={false}
        empty={<Typography variant="body2">{translate('resources.partners.statement.none')}</Typography>}
      >
        <Column source="transaction_id" disableSort />
        <Column source="member_number" disableSort />
        <Column source="transaction_at" disableSort render={(a) => transactionDate(a)} />
        <Column source="amount_kopecks" disableSort render={(a) => roubles(a.amount_kopecks)} />
        <Column source="kind" disableSort />
        <Column source="source" disableSort render={(a) => translate(`resources.partner-accruals.sources.${a.source}`)} />
        {reversal ? (
          <>
            <DataTable.NumberCol source="reversed_points" disableSort />
            <Column source="reversed_at" disableSort>
              <DateTimeField source="reversed_at" />
            </Column>
          </>
        ) : (
          <>
            <DataTable.NumberCol source="points" disableSort />
            <Column source="credited_at" disableSort>
              <DateTimeField source="credited_at" />
            </Column>
          </>
        )}
      </DataTable>
    </ListContextProvider>
  );
};

/**
 * A2: the partner's statement for a month (UTC): the accruals credited in it (claims included), the
 * reversals made in it, and what the partner owes at its price per point; exported as CSV.
 */
export const PartnerStatement = ({ initialMonth }: { initialMonth?: string }) => {
  const partner = useRecordContext<Partner>();
  const translate = useTranslate();
  const format = useFormatters();
  const [month, setMonth] = useState(initialMonth ?? new Date().toISOString().slice(0, 7));
  const valid = /^\d{4}-\d{2}$/.test(month);
  const statement = useQuery({
    queryKey: ['partners', partner?.id, 'statement', month],
    enabled: partner !== undefined && valid,
    queryFn: async ({ signal }) =>
      (await httpClient(`${apiUrl}/partners/${encodeURIComponent(partner!.id)}/statement?month=${month}`, { signal })).json as Statement,
  });
  if (!partner) return <LinearProgress />;
  return (
    <Stack spacing={2}>
      <MuiTextField
        type="month"
        label={translate('resources.partners.statement.month')}
        value={month}
        onChange={(e) => setMonth(e.target.value)}
        sx={{ maxWidth: 240 }}
        slotProps={{ inputLabel: { shrink: true } }}
      />
      {statement.isError && <Alert severity="error">{statement.error.message}</Alert>}
      {valid && statement.isPending && <LinearProgress />}
      {statement.data && (
        <>
          <Typography variant="body1">
            {translate('resources.partners.statement.totals', {
              month: format.month(statement.data.month),
              accruals: statement.data.totals.accruals,
              accrued: statement.data.totals.accrued_points,
              reversals: statement.data.totals.reversals,
              reversed: statement.data.totals.reversed_points,
              net: statement.data.totals.net_points,
              price: statement.data.partner.price_per_point,
              owed: statement.data.totals.owed,
            })}
          </Typography>
          <Section title="resources.partners.statement.accruals">
            <Lines rows={statement.data.accruals} reversal={false} />
          </Section>
          <Section title="resources.partners.statement.reversals">
            <Lines rows={statement.data.reversals} reversal />
          </Section>
          <div>
            <CsvExportButton
              path={`partners/${partner.id}/statement.csv?month=${month}`}
              filename={`partner-statement-${partner.id}-${month}.csv`}
              label="resources.partners.statement.export"
            />
          </div>
        </>
      )}
    </Stack>
  );
};
