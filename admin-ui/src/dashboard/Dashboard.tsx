import { Alert, Box, Grid, LinearProgress, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { Title, useDataProvider, useTranslate } from 'react-admin';
import type { ConsoleDataProvider } from '../dataProvider';
import { EnrolmentPanel } from './EnrolmentPanel';
import { ExpiryPanel } from './ExpiryPanel';
import { PointsPanel } from './PointsPanel';
import { QueuesPanel } from './QueuesPanel';
import { TiersPanel } from './TiersPanel';
import { useChartFormat } from './useChartFormat';

/**
 * The console's first screen: the program at a glance. The figures are the API's (GET /admin/api/stats,
 * computed in PostgreSQL over whole tables); every figure, and every bar, opens the list it counts.
 */
export const Dashboard = () => {
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const translate = useTranslate();
  const format = useChartFormat();
  const stats = useQuery({ queryKey: ['stats'], queryFn: ({ signal }) => dataProvider.stats(signal) });
  return (
    <Box sx={{ my: 2 }}>
      <Title title="console.dashboard.title" />
      {stats.isPending && <LinearProgress />}
      {stats.isError && <Alert severity="error">{stats.error.message}</Alert>}
      {stats.data && (
        <Grid container spacing={2}>
          <Grid size={{ xs: 12, lg: 7 }}>
            <QueuesPanel queues={stats.data.queues} />
          </Grid>
          <Grid size={{ xs: 12, lg: 5 }}>
            <TiersPanel tiers={stats.data.tiers} />
          </Grid>
          <Grid size={12}>
            <PointsPanel points={stats.data.points} flows={stats.data.flows} />
          </Grid>
          <Grid size={{ xs: 12, lg: 6 }}>
            <ExpiryPanel expiry={stats.data.expiry} />
          </Grid>
          <Grid size={{ xs: 12, lg: 6 }}>
            <EnrolmentPanel enrolment={stats.data.enrolment} />
          </Grid>
          <Grid size={12}>
            <Typography variant="caption" color="text.secondary">
              {translate('console.dashboard.as_of', { at: format.dateTime(stats.data.generated_at) })}
            </Typography>
          </Grid>
        </Grid>
      )}
    </Box>
  );
};
