import { Typography } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';
import type { Partner } from './types';

/** The earning rule in words: "2 points per 100 ₽", or each kind with its points. */
export const EarningRuleField = (_: { label?: string }) => {
  const partner = useRecordContext<Partner>();
  const translate = useTranslate();
  if (!partner) return null;
  const rule = partner.earning_rule;
  const text =
    rule.type === 'per_100_roubles'
      ? translate('resources.partners.rule.per_100_roubles', { points: rule.points })
      : Object.entries(rule.kinds)
          .map(([kind, points]) => translate('resources.partners.rule.per_kind', { kind, points }))
          .join('; ');
  return (
    <Typography component="span" variant="body2">
      {text}
    </Typography>
  );
};

/** A pending period in days (with hours where it is not whole days). */
export const PendingPeriodField = (_: { label?: string }) => {
  const partner = useRecordContext<Partner>();
  const translate = useTranslate();
  if (!partner) return null;
  const days = partner.pending_period_ms / 86_400_000;
  return (
    <Typography component="span" variant="body2">
      {translate('resources.partners.pending', { smart_count: Number.isInteger(days) ? days : Number(days.toFixed(3)) })}
    </Typography>
  );
};
