import { Chip } from '@mui/material';
import { useFieldValue, useTranslate, type FieldProps } from 'react-admin';
import { useTiers } from './useTiers';

/** A1: a tier as a coloured chip with its name; no tier as a dash (or nothing, `hideNone`). */
export const TierChip = ({ code, hideNone }: { code: string | null | undefined; hideNone?: boolean }) => {
  const tiers = useTiers();
  const translate = useTranslate();
  if (!code) return hideNone ? null : <Chip size="small" variant="outlined" label={translate('resources.tiers.none')} />;
  return <Chip size="small" color={tiers.color(code)} label={tiers.name(code)} data-testid="tier-chip" />;
};

/** The same, for a record's field (a queue's `tier`). */
export const TierChipField = (props: FieldProps) => {
  const value = useFieldValue(props) as string | null | undefined;
  return <TierChip code={value} hideNone />;
};
