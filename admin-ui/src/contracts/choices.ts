import type { ColoredChoice } from '../shared/ChoiceChipField';
import type { Contract } from '../types';

export const contractTypes: { id: Contract['contract_type']; name: string }[] = [
  { id: 'agent', name: 'resources.contracts.types.agent' },
  { id: 'subagent', name: 'resources.contracts.types.subagent' },
];

export const contractStatuses: ColoredChoice<Contract['status']>[] = [
  { id: 'active', name: 'resources.contracts.status.active', color: 'success' },
  { id: 'terminated', name: 'resources.contracts.status.terminated', color: 'default' },
];
