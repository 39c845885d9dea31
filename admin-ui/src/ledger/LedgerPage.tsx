import { Box, Card, CardContent, Grid, Stack, Typography } from '@mui/material';
import { Title, usePermissions, useTranslate } from 'react-admin';
import { Section } from '../shared/Section';
import type { StaffRole } from '../types';
import { CsvExportButton } from './CsvExportButton';
import { ExpiryForecast } from './ExpiryForecast';
import { InvariantCheck } from './InvariantCheck';

/** The ledger as a whole: is it consistent, what will expire when (R20), and its exports for admins. */
export const LedgerPage = () => {
  const { permissions } = usePermissions<StaffRole>();
  const translate = useTranslate();
  return (
    <Box sx={{ mt: 2 }}>
      <Title title="console.ledger.title" />
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, lg: 5 }}>
          <Card>
            <CardContent>
              <Section title="console.ledger.invariant.title">
                <InvariantCheck />
              </Section>
            </CardContent>
          </Card>
        </Grid>
        <Grid size={{ xs: 12, lg: 7 }}>
          <Card>
            <CardContent>
              <Section title="console.ledger.forecast.title">
                <ExpiryForecast />
              </Section>
            </CardContent>
          </Card>
        </Grid>
        {permissions === 'admin' && (
          <Grid size={12}>
            <Card>
              <CardContent>
                <Section title="console.ledger.exports.title">
                  <Typography variant="body2" color="text.secondary" gutterBottom>
                    {translate('console.ledger.exports.hint')}
                  </Typography>
                  <Stack direction="row" spacing={2}>
                    <CsvExportButton path="ledger/export.csv" filename="ledger.csv" label="console.ledger.exports.ledger" />
                    <CsvExportButton path="balances/export.csv" filename="balances.csv" label="console.ledger.exports.balances" />
                  </Stack>
                </Section>
              </CardContent>
            </Card>
          </Grid>
        )}
      </Grid>
    </Box>
  );
};
