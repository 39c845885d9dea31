import { Alert, LinearProgress, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { DataTable, ListContextProvider, useDataProvider, useList, useTranslate } from 'react-admin';
import type { ConsoleDataProvider } from '../dataProvider';
import { useFormatters } from '../shared/useFormatters';
import type { ExpiryForecastMonth } from '../types';

const Column = DataTable.Col<ExpiryForecastMonth & { id: string }>;

/** R20: the points that will expire each month (UTC) if nobody spends them, and how many participants hold them. */
export const ExpiryForecast = () => {
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const translate = useTranslate();
  const format = useFormatters();
  const forecast = useQuery({ queryKey: ['ledger', 'expiry-forecast'], queryFn: ({ signal }) => dataProvider.expiryForecast(signal) });
  const rows = forecast.data?.map((month) => ({ ...month, id: month.month }));
  const listContext = useList({ data: rows, isPending: forecast.isPending, perPage: 100 });
  if (forecast.isPending) return <LinearProgress />;
  if (forecast.isError) return <Alert severity="error">{forecast.error.message}</Alert>;
  return (
    <ListContextProvider value={listContext}>
      <DataTable
        resource="expiry-forecast"
        bulkActionButtons={false}
        rowClick={false}
        empty={<Typography variant="body2">{translate('console.ledger.forecast.empty')}</Typography>}
      >
        <Column source="month" label="console.ledger.forecast.month" disableSort render={(row) => format.month(row.month)} />
        <DataTable.NumberCol source="points" label="console.ledger.forecast.points" disableSort />
        <DataTable.NumberCol source="participants" label="console.ledger.forecast.participants" disableSort />
      </DataTable>
    </ListContextProvider>
  );
};
