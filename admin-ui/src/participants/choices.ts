import type { ColoredChoice } from '../shared/ChoiceChipField';
import type { ContractPath, ParticipantStatus } from '../types';

export const participantStatuses: ColoredChoice<ParticipantStatus>[] = [
  { id: 'pending_confirmation', name: 'resources.participants.status.pending_confirmation', color: 'default' },
  { id: 'pending_verification', name: 'resources.participants.status.pending_verification', color: 'warning' },
  { id: 'active', name: 'resources.participants.status.active', color: 'success' },
  { id: 'rejected', name: 'resources.participants.status.rejected', color: 'error' },
  { id: 'expired', name: 'resources.participants.status.expired', color: 'default' },
];

export const contractPaths: { id: ContractPath; name: string }[] = [
  { id: 'agent', name: 'resources.participants.contract_paths.agent' },
  { id: 'subagent', name: 'resources.participants.contract_paths.subagent' },
  { id: 'intermediary', name: 'resources.participants.contract_paths.intermediary' },
];
