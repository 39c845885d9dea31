import { Alert, LinearProgress, Stack, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { DataTable, ListContextProvider, useList, usePermissions, useRecordContext, useTranslate } from 'react-admin';
import { apiUrl, httpClient } from '../dataProvider';
import { CsvExportButton } from '../ledger/CsvExportButton';
import { useFormatters } from '../shared/useFormatters';
import type { StaffRole } from '../types';
import type { CharityFund, FundStatement as Statement, StatementMonth } from './types';

const Column = DataTable.Col<StatementMonth & { id: string }>;

/**
 * A3: the fund's monthly statement: completed donations, their points and donors per month (UTC),
 * newest first, with the totals; admins export it as CSV.
 */
export const FundStatement = () => {
  const fund = useRecordContext<CharityFund>();
  const translate = useTranslate();
  const format = useFormatters();
  const { permissions } = usePermissions<StaffRole>();
  const statement = useQuery({
    queryKey: ['charity-funds', fund?.id, 'statement'],
    enabled: fund !== undefined,
    queryFn: async ({ signal }) =>
      (await httpClient(`${apiUrl}/charity-funds/${encodeURIComponent(fund!.id)}/statement`, { signal })).json as Statement,
  });
  const rows = statement.data?.months.map((month) => ({ ...month, id: month.month }));
  const listContext = useList({ data: rows, isPending: statement.isPending, perPage: 1000 });
  if (!fund || statement.isPending) return <LinearProgress />;
  if (statement.isError) return <Alert severity="error">{statement.error.message}</Alert>;
  const { total } = statement.data;
  return (
    <Stack spacing={2}>
      <Typography variant="body2">
        {translate('resources.charity-funds.statement.total', { donations: total.donations, points: total.points })}
      </Typography>
      <ListContextProvider value={listContext}>
        <DataTable
          resource="charity-fund-statement"
          bulkActionButtons={false}
          rowClick={false}
          empty={<Typography variant="body2">{translate('resources.charity-funds.statement.empty')}</Typography>}
        >
          <Column source="month" label="resources.charity-funds.statement.month" disableSort render={(row) => format.month(row.month)} />
          <DataTable.NumberCol source="donations" label="resources.charity-funds.statement.donations" disableSort />
          <DataTable.NumberCol source="points" label="resources.charity-funds.statement.points" disableSort />
          <DataTable.NumberCol source="donors" label="resources.charity-funds.statement.donors" disableSort />
        </DataTable>
      </ListContextProvider>
      {permissions === 'admin' && (
        <div>
          <CsvExportButton
            path={`charity-funds/${fund.id}/statement.csv`}
            filename={`charity-fund-statement-${fund.id}.csv`}
            label="resources.charity-funds.statement.export"
          />
        </div>
      )}
    </Stack>
  );
};
