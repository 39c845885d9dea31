import TuneIcon from '@mui/icons-material/Tune';
import { Alert, TextField } from '@mui/material';
import { useRef, useState } from 'react';
import { useDataProvider, useRecordContext, useTranslate, type Identifier } from 'react-admin';
import type { ConsoleDataProvider } from '../dataProvider';
import { TextPromptButton } from '../shared/TextPromptButton';
import { useConsoleAction } from '../shared/useConsoleAction';
import { useSettings } from '../shared/useSettings';
import type { Participant } from '../types';

const MAX_POINTS = 1_000_000;

/** A random idempotency key (crypto.randomUUID exists in secure contexts only). */
const newKey = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');

interface Adjustment {
  participantId: Identifier;
  amount: number;
  reason: string;
  idempotencyKey: string;
}

/**
 * A manual correction by support, with a mandatory reason: a positive amount is a new lot that
 * expires like any accrual (R20), a negative one is annulled from the oldest lots first. Sending the
 * same amount and reason again after a failure reuses the idempotency key, so it never applies twice.
 * Above the four-eyes limit the dialog says so: the adjustment becomes a request that another staff
 * member approves, and nothing is posted until then.
 */
export const AdjustPointsButton = () => {
  const participant = useRecordContext<Participant>();
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const translate = useTranslate();
  const [amount, setAmount] = useState('');
  const lastAttempt = useRef<Adjustment | null>(null);
  const limit = useSettings()?.fourEyesAdjustmentLimit;
  const { mutate, isPending } = useConsoleAction({
    mutationFn: ({ participantId, ...adjustment }: Adjustment) => dataProvider.adjustPoints(participantId, adjustment),
    success: (result) =>
      'balance' in result ? 'resources.participants.notifications.adjusted' : 'resources.participants.notifications.adjustment_requested',
    stale: { code: 'participant_not_active', message: 'resources.participants.notifications.not_active' },
  });
  if (participant?.status !== 'active') return null;

  const points = Number(amount);
  const valid = amount.trim() !== '' && Number.isInteger(points) && points !== 0 && Math.abs(points) <= MAX_POINTS;
  const needsSecondPerson = valid && limit !== undefined && Math.abs(points) > limit;
  const submit = (reason: string, close: () => void) => {
    const last = lastAttempt.current;
    const attempt =
      last && last.amount === points && last.reason === reason
        ? last
        : { participantId: participant.id, amount: points, reason, idempotencyKey: newKey() };
    lastAttempt.current = attempt;
    mutate(attempt, {
      onSuccess: () => {
        lastAttempt.current = null;
        close();
      },
    });
  };

  return (
    <TextPromptButton
      label="resources.participants.actions.adjust"
      title="resources.participants.adjust_dialog.title"
      fieldLabel="resources.participants.adjust_dialog.reason"
      hint="resources.participants.adjust_dialog.reason_hint"
      icon={<TuneIcon />}
      maxLength={1000}
      isPending={isPending}
      canSubmit={valid}
      onClose={() => setAmount('')}
      onSubmit={submit}
    >
      <TextField
        autoFocus
        required
        fullWidth
        margin="dense"
        type="number"
        label={translate('resources.participants.adjust_dialog.amount')}
        helperText={translate('resources.participants.adjust_dialog.amount_hint')}
        error={amount.trim() !== '' && !valid}
        value={amount}
        onChange={(event) => setAmount(event.target.value)}
        slotProps={{ htmlInput: { step: 1, min: -MAX_POINTS, max: MAX_POINTS } }}
      />
      {needsSecondPerson && (
        <Alert severity="info" sx={{ mt: 1, mb: 1 }} data-testid="four-eyes-adjustment">
          {translate('resources.participants.adjust_dialog.four_eyes', { limit })}
        </Alert>
      )}
    </TextPromptButton>
  );
};
