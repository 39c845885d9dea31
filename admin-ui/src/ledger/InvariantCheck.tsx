import RefreshIcon from '@mui/icons-material/Refresh';
import { Alert, LinearProgress, Stack, Table, TableBody, TableCell, TableRow } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { Button, useDataProvider, useTranslate } from 'react-admin';
import type { ConsoleDataProvider } from '../dataProvider';
import { useFormatters } from '../shared/useFormatters';
import type { LedgerInvariant } from '../types';

/** The sums the invariant compares, in its order: credited = spent + expired + annulled + held + balance. */
const sums: Array<keyof LedgerInvariant> = [
  'credited',
  'spent',
  'expired',
  'annulled',
  'held',
  'balance',
  'broken_lots',
  'unkeyed',
  'unbalanced',
];

/**
 * The ledger's invariant over all participants, computed by the API in one snapshot: every point
 * credited is spent, expired, annulled, held for an order or still on an account; no lot disagrees
 * with its movements; every entry has an idempotency key; every stored balance equals its lots and holds.
 */
export const InvariantCheck = () => {
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const translate = useTranslate();
  const format = useFormatters();
  const check = useQuery({ queryKey: ['ledger', 'invariant'], queryFn: ({ signal }) => dataProvider.ledgerInvariant(signal) });
  return (
    <Stack spacing={2} data-testid="ledger-invariant">
      {check.isPending && <LinearProgress />}
      {check.isError && <Alert severity="error">{check.error.message}</Alert>}
      {check.data && (
        <>
          <Alert severity={check.data.holds ? 'success' : 'error'}>
            {translate(check.data.holds ? 'console.ledger.invariant.holds' : 'console.ledger.invariant.broken')}
          </Alert>
          <Table size="small">
            <TableBody>
              {sums.map((sum) => (
                <TableRow key={sum}>
                  <TableCell>{translate(`console.ledger.invariant.${sum}`)}</TableCell>
                  <TableCell align="right">{format.number(Number(check.data[sum]))}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </>
      )}
      <div>
        <Button label="console.ledger.invariant.again" disabled={check.isFetching} onClick={() => check.refetch()}>
          <RefreshIcon />
        </Button>
      </div>
    </Stack>
  );
};
