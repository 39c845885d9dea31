import { useQuery } from '@tanstack/react-query';
import { useDataProvider, useTranslate } from 'react-admin';
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
  /** a count's least value (a duration is above zero) */
  min?: number;
}

/** The terms the console knows, in the order it shows them (`programSchema` in infra/config.ts). */
export const termSettings: TermSetting[] = [
  { key: 'welcomePoints', rule: 'R7', kind: 'count', unit: 'points', min: 0 },
  { key: 'minLiveMinutes', rule: 'R10', kind: 'count', unit: 'minutes', min: 1 },
  { key: 'firstOrderMinimum', rule: 'R16', kind: 'count', unit: 'points', min: 0 },
  { key: 'confirmationTimeoutMs', rule: 'R3', kind: 'duration', unit: 'hours' },
  { key: 'creditingWindowMs', rule: 'R11', kind: 'duration', unit: 'hours' },
  { key: 'claimDeadlineMs', rule: 'A4', kind: 'duration', unit: 'days' },
  { key: 'lotLifetimeMs', rule: 'R20', kind: 'duration', unit: 'days' },
  { key: 'expiryNoticeMs', rule: 'R20', kind: 'duration', unit: 'days' },
  { key: 'paymentWindowMs', rule: 'A5', kind: 'duration', unit: 'minutes' },
  { key: 'affiliationDocumentsTimeoutMs', rule: 'R17', kind: 'duration', unit: 'days' },
  { key: 'emailChangeDocumentsTimeoutMs', rule: 'R21', kind: 'duration', unit: 'days' },
  { key: 'emailChangeReminderMs', rule: 'R21', kind: 'duration', unit: 'days' },
];

/** A term the console does not know yet is still shown: by its name, a duration if it ends in `Ms`. */
const settingOf = (key: string): TermSetting =>
  termSettings.find((s) => s.key === key) ??
  (key.endsWith('Ms') ? { key, rule: '', kind: 'duration', unit: 'minutes' } : { key, rule: '', kind: 'count', unit: 'number' });

/** The settings of `terms`: the known ones in their order, then any others. */
export const settingsIn = (terms: Record<string, unknown>): TermSetting[] => [
  ...termSettings.filter((s) => s.key in terms),
  ...Object.keys(terms)
    .filter((key) => !termSettings.some((s) => s.key === key))
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
