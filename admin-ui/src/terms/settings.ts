import { useQuery } from '@tanstack/react-query';
import { useDataProvider, useTranslate } from 'react-admin';
import { termDefinitions, termKeys, type TermDefinition } from '../../../rules/terms';
import type { ConsoleDataProvider } from '../dataProvider';

type Unit = 'points' | 'days' | 'hours' | 'minutes' | 'seconds' | 'milliseconds' | 'number';

const MS: Record<'days' | 'hours' | 'minutes' | 'seconds', number> = { days: 86_400_000, hours: 3_600_000, minutes: 60_000, seconds: 1000 };

/**
 * A term an admin may change (R27), with the rule it comes from and how a person enters it: counts
 * as they are, durations (milliseconds in the API) in the unit that suits them.
 */
export interface TermSetting {
  key: string;
  rule: string;
  kind: 'count' | 'duration';
  /** a count's unit, or the unit a duration is entered in */
  unit: 'points' | 'minutes' | 'hours' | 'days' | 'number';
  /** the range an admin may set (a duration's in milliseconds) */
  min?: number;
  max?: number;
}

/** The terms the console knows, in the order the program declares them (rules/terms.ts), with their ranges. */
export const termSettings: TermSetting[] = termKeys.map((key) => {
  const term: TermDefinition = termDefinitions[key];
  return { key, rule: term.rule, kind: term.kind, unit: term.unit, min: term.min, max: term.max };
});

/** A term the console does not know yet is still shown: by its name, a duration if it ends in `Ms`. */
const settingOf = (key: string): TermSetting =>
  termSettings.find((s) => s.key === key) ??
  (key.endsWith('Ms') ? { key, rule: '', kind: 'duration', unit: 'minutes' } : { key, rule: '', kind: 'count', unit: 'number' });

/**
 * The settings of `terms`: the known ones in their order, then any others. Only the numeric ones: a
 * structured term (A1's `tiers`) has a view of its own (admin-ui/src/tiers/CurrentTiers.tsx).
 */
export const settingsIn = (terms: Record<string, unknown>): TermSetting[] => [
  ...termSettings.filter((s) => s.key in terms),
  ...Object.keys(terms)
    .filter((key) => !termSettings.some((s) => s.key === key) && typeof terms[key] === 'number')
    .map(settingOf),
];

/** What the API takes for a value entered in the setting's unit: a whole count, or whole milliseconds. */
export const toApiValue = (setting: TermSetting, entered: number): number =>
  setting.kind === 'count' ? entered : Math.round(entered * MS[setting.unit as keyof typeof MS]);

/**
 * A count as it is; a duration in the unit it is entered in when that divides it exactly (72 hours,
 * 730 days), else in the largest unit that does (3 seconds), else in milliseconds.
 */
function splitValue(setting: TermSetting, value: number): [number, Unit] {
  if (setting.kind === 'count') return [value, setting.unit];
  const own = setting.unit as keyof typeof MS;
  const unit = value % MS[own] === 0 ? own : (Object.keys(MS) as Array<keyof typeof MS>).find((u) => value % MS[u] === 0);
  return unit ? [value / MS[unit], unit] : [value, 'milliseconds'];
}

/** Writes a setting's name and value for a person: "Срок жизни баллов (R20)", "730 дней". */
export function useTermFormat() {
  const translate = useTranslate();
  return {
    value: (setting: TermSetting, value: number) => {
      const [count, unit] = splitValue(setting, value);
      return translate(`resources.terms.units.${unit}`, { smart_count: count });
    },
    name: (setting: TermSetting) => {
      const name = translate(`resources.terms.settings.${setting.key}`, { _: setting.key });
      return setting.rule ? `${name} (${setting.rule})` : name;
    },
  };
}

/** The defaults (configuration) and the terms in force now. */
export function useCurrentTerms() {
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  return useQuery({ queryKey: ['terms', 'current'], queryFn: ({ signal }) => dataProvider.currentTerms(signal) });
}
