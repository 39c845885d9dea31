import type { ColoredChoice } from '../shared/ChoiceChipField';
import type { AccrualStatus } from './types';

export const accrualStatuses: ColoredChoice<AccrualStatus>[] = [
  { id: 'pending', name: 'resources.partner-accruals.status.pending', color: 'warning' },
  { id: 'credited', name: 'resources.partner-accruals.status.credited', color: 'success' },
  { id: 'cancelled', name: 'resources.partner-accruals.status.cancelled', color: 'default' },
  { id: 'reversed', name: 'resources.partner-accruals.status.reversed', color: 'error' },
  { id: 'void', name: 'resources.partner-accruals.status.void', color: 'default' },
];

export const ruleTypes = [
  { id: 'per_100_roubles', name: 'resources.partners.rule_types.per_100_roubles' },
  { id: 'per_kind', name: 'resources.partners.rule_types.per_kind' },
];
