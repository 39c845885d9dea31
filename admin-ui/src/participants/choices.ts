import type { ColoredChoice } from '../shared/ChoiceChipField';
import type { ContractPath, LedgerKind, ParticipantStatus } from '../types';

export const participantStatuses: ColoredChoice<ParticipantStatus>[] = [
  { id: 'pending_confirmation', name: 'resources.participants.status.pending_confirmation', color: 'default' },
  { id: 'pending_verification', name: 'resources.participants.status.pending_verification', color: 'warning' },
  { id: 'active', name: 'resources.participants.status.active', color: 'success' },
  { id: 'rejected', name: 'resources.participants.status.rejected', color: 'error' },
  { id: 'expired', name: 'resources.participants.status.expired', color: 'default' },
  { id: 'closed', name: 'resources.participants.status.closed', color: 'default' },
  { id: 'failed', name: 'resources.participants.status.failed', color: 'error' },
];

export const contractPaths: { id: ContractPath; name: string }[] = [
  { id: 'agent', name: 'resources.participants.contract_paths.agent' },
  { id: 'subagent', name: 'resources.participants.contract_paths.subagent' },
  { id: 'intermediary', name: 'resources.participants.contract_paths.intermediary' },
];

/** What a ledger entry did to the points. */
export const ledgerKinds: ColoredChoice<LedgerKind>[] = [
  { id: 'credit', name: 'resources.participants.ledger.kinds.credit', color: 'success' },
  { id: 'spend', name: 'resources.participants.ledger.kinds.spend', color: 'info' },
  { id: 'expire', name: 'resources.participants.ledger.kinds.expire', color: 'default' },
  { id: 'annul', name: 'resources.participants.ledger.kinds.annul', color: 'warning' },
];
