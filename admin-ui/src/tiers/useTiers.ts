import type { ChipProps } from '@mui/material';
import { useLocaleState } from 'react-admin';
import { useCurrentTerms } from '../terms/settings';
import type { TierLevel, TierTerms } from './types';

/** A tier chip's colour by its rank (lowest first): the higher, the stronger. */
const COLORS: ChipProps['color'][] = ['default', 'warning', 'secondary', 'primary'];

/**
 * The tier term in force (A1, from the terms the console already reads), and how to show a tier by
 * its code: its name in the console's language, its rank, its colour. A code the terms no longer
 * hold is shown as it is.
 */
export function useTiers() {
  const [locale] = useLocaleState();
  const terms = useCurrentTerms();
  const tiers = (terms.data?.current as unknown as { tiers?: TierTerms } | undefined)?.tiers;
  const levels: TierLevel[] = tiers?.levels ?? [];
  const rank = (code: string | null) => (code === null ? -1 : levels.findIndex((l) => l.code === code));
  return {
    levels,
    qualifyingSources: tiers?.qualifyingSources ?? [],
    isPending: terms.isPending,
    rank,
    name: (code: string | null) => {
      const level = levels.find((l) => l.code === code);
      return level ? (locale === 'en' ? level.name.en : level.name.ru) : (code ?? '');
    },
    color: (code: string | null): ChipProps['color'] => COLORS[Math.min(rank(code), COLORS.length - 1)] ?? 'default',
  };
}
