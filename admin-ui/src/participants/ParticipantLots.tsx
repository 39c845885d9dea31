import { Alert, LinearProgress, List, ListItem, ListItemText, Stack, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useDataProvider, useRecordContext, useTranslate } from 'react-admin';
import type { ConsoleDataProvider } from '../dataProvider';
import { Section } from '../shared/Section';
import { useFormatters } from '../shared/useFormatters';
import type { Lot, Participant } from '../types';
import { AdjustPointsButton } from './AdjustPointsButton';

/** Where a lot's points came from: the event's title, or the kind of credit. */
const useLotSource = () => {
  const translate = useTranslate();
  return (lot: Lot) => {
    if (lot.source_type === 'welcome') return translate('resources.participants.ledger.welcome');
    const kind = translate(`resources.participants.ledger.source_types.${lot.source_type}`, { _: lot.source_type });
    return lot.source_title ? `${kind}: ${lot.source_title}` : kind;
  };
};

/**
 * The participant's points as lots (R20): the balance, when the next points expire and how many,
 * and every lot still holding points, oldest first (spending takes from the top).
 */
export const ParticipantLots = () => {
  const participant = useRecordContext<Participant>();
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const translate = useTranslate();
  const format = useFormatters();
  const source = useLotSource();
  const lots = useQuery({
    queryKey: ['participants', 'lots', participant?.id],
    queryFn: ({ signal }) => dataProvider.participantLots(participant!.id, signal),
    enabled: participant !== undefined,
  });
  if (lots.isPending) return <LinearProgress />;
  if (lots.isError) return <Alert severity="error">{lots.error.message}</Alert>;
  const { balance, nextExpiry } = lots.data;

  return (
    <Stack spacing={2}>
      <Stack direction="row" spacing={3} sx={{ alignItems: 'center', flexWrap: 'wrap' }} useFlexGap>
        <Typography variant="h6" component="p" data-testid="points-balance">
          {translate('resources.participants.lots.balance', { smart_count: balance, points: format.number(balance) })}
        </Typography>
        <Typography variant="body1" color={nextExpiry ? 'warning.dark' : 'text.secondary'} data-testid="next-expiry">
          {nextExpiry
            ? translate('resources.participants.lots.next_expiry', {
                smart_count: nextExpiry.points,
                points: format.number(nextExpiry.points),
                date: format.date(nextExpiry.at),
              })
            : translate('resources.participants.lots.nothing_expires')}
        </Typography>
        <AdjustPointsButton />
      </Stack>
      <Section title="resources.participants.lots.title">
        {lots.data.lots.length === 0 ? (
          <Typography variant="body2">{translate('resources.participants.lots.empty')}</Typography>
        ) : (
          <List dense disablePadding data-testid="lots">
            {lots.data.lots.map((lot) => (
              <ListItem key={lot.id} divider disableGutters data-testid="lot">
                <ListItemText
                  primary={`${source(lot)} — ${translate('resources.participants.lots.left', {
                    remaining: format.number(lot.remaining),
                    amount: format.number(lot.amount),
                  })}`}
                  secondary={translate('resources.participants.lots.dates', {
                    accrued: format.date(lot.accrued_at),
                    expires: format.date(lot.expires_at),
                  })}
                />
                <LinearProgress
                  variant="determinate"
                  value={(lot.remaining / lot.amount) * 100}
                  aria-hidden
                  sx={{ width: 120, ml: 2, flexShrink: 0 }}
                />
              </ListItem>
            ))}
          </List>
        )}
      </Section>
    </Stack>
  );
};
