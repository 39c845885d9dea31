/**
 * R4 contract verification as a pure decision over what the operator's registry holds.
 * What the registry decides is decided automatically; everything else goes to a person.
 */
export type ContractPath = 'agent' | 'subagent' | 'intermediary';

export interface RegistrationForm {
  agencyInn: string | null;
  agencyName: string | null;
  contractPath: ContractPath;
  /** subagent: the subagent contract number; intermediary: the intermediary's agent contract number */
  contractNumber: string | null;
  /** subagent only: the subagency's exact legal name */
  subagencyLegalName: string | null;
}

export interface RegistryContract {
  contractNumber: string;
  contractType: 'agent' | 'subagent';
  inn: string | null;
  legalName: string;
  status: 'active' | 'terminated';
}

export type Verdict =
  | { outcome: 'verified'; contractNumber: string }
  | { outcome: 'rejected'; reason: string }
  /**
   * `hint`: the registry rows it found, in English for the API and the logs; `candidates`: the same
   * rows as data, which the console says in the reader's language (none: nothing matched).
   */
  | { outcome: 'review'; reason: string; hint: string; candidates: RegistryContract[] };

/** Legal names compare with case, quotes and runs of spaces ignored: «ООО "Ромашка"» = ооо ромашка. */
export const normalizeLegalName = (name: string): string =>
  name
    .toLowerCase()
    .replace(/["«»'“”„]/g, '')
    .replace(/\s+/g, ' ')
    .trim();

const describe = (c: RegistryContract): string =>
  `${c.contractType} contract ${c.contractNumber} of ${c.legalName}${c.inn ? ` (INN ${c.inn})` : ''}: ${c.status}`;

/**
 * `candidates` are the registry rows that could concern this form: for agents those with its INN
 * or legal name, for subagents and intermediaries those with the given contract number.
 */
export function decideVerification(form: RegistrationForm, candidates: RegistryContract[]): Verdict {
  const hint = candidates.length ? candidates.map(describe).join('; ') : 'no matching contract in the registry';
  const review = (reason: string) => ({ outcome: 'review', reason, hint, candidates }) as const;
  switch (form.contractPath) {
    case 'intermediary':
      return review('intermediary_letter');
    case 'agent': {
      const agentContracts = candidates.filter((c) => c.contractType === 'agent');
      const matching = agentContracts.filter((c) =>
        form.agencyInn ? c.inn === form.agencyInn : normalizeLegalName(c.legalName) === normalizeLegalName(form.agencyName ?? ''),
      );
      const active = matching.filter((c) => c.status === 'active');
      if (active.length === 1) return { outcome: 'verified', contractNumber: active[0].contractNumber };
      if (active.length > 1) return review('several_active_contracts');
      if (matching.length > 0) return { outcome: 'rejected', reason: 'contract_terminated' };
      return review('agency_not_in_registry');
    }
    case 'subagent': {
      const contract = candidates.find((c) => c.contractType === 'subagent' && c.contractNumber === form.contractNumber);
      if (!contract) return review('contract_not_in_registry');
      if (contract.status !== 'active') return { outcome: 'rejected', reason: 'contract_terminated' };
      if (normalizeLegalName(contract.legalName) !== normalizeLegalName(form.subagencyLegalName ?? '')) {
        return review('subagency_name_mismatch');
      }
      return { outcome: 'verified', contractNumber: contract.contractNumber };
    }
  }
}
