/** The records of the staff API (/admin/api), as the console reads them. */
export type StaffRole = 'support' | 'admin';

export interface Staff {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  created_at: string;
}

export type ParticipantStatus = 'pending_confirmation' | 'pending_verification' | 'active' | 'rejected' | 'expired';
export type ContractPath = 'agent' | 'subagent' | 'intermediary';

export interface StoredDocument {
  id: string;
  kind: string;
  filename: string;
  content_type: string;
  size_bytes: number;
}

export interface Participant {
  id: string;
  email: string;
  first_name: string;
  last_name: string;
  status: ParticipantStatus;
  member_number: string | null;
  agency_inn: string | null;
  agency_name: string | null;
  contract_path: ContractPath;
  balance: number;
  registered_at: string;
  confirmed_at: string | null;
  activated_at: string | null;
  workflow_id: string;
  end_reason: string | null;
  /** show only */
  contract_number?: string | null;
  subagency_legal_name?: string | null;
  documents?: StoredDocument[];
}

export type ReviewStatus = 'open' | 'approved' | 'rejected' | 'cancelled';

export interface Review {
  id: string;
  kind: 'registration';
  status: ReviewStatus;
  participant_id: string;
  participant_name: string;
  email: string;
  contract_path: ContractPath;
  review_reason: string;
  registry_hint: string;
  decision_reason: string | null;
  decided_by_name: string | null;
  decided_at: string | null;
  created_at: string;
  form: {
    first_name: string;
    last_name: string;
    email: string;
    agency_inn: string | null;
    agency_name: string | null;
    contract_path: ContractPath;
    contract_number: string | null;
    subagency_legal_name: string | null;
  };
  documents: StoredDocument[];
}

export type ReviewDecision = { decision: 'approve' } | { decision: 'reject'; reason: string };

export interface Mail {
  id: string;
  to_address: string;
  subject: string;
  kind: string;
  participant_id: string | null;
  created_at: string;
  sent_at: string | null;
  /** show only */
  body_text?: string;
}

export interface Contract {
  id: string;
  contract_number: string;
  contract_type: 'agent' | 'subagent';
  inn: string | null;
  legal_name: string;
  status: 'active' | 'terminated';
  imported_at: string;
}

export interface AuditEntry {
  id: string;
  at: string;
  actor_label: string;
  action: string;
  subject_type: string;
  subject_id: string;
  details: Record<string, unknown>;
}

export interface ApiKey {
  id: string;
  name: string;
  key_prefix: string;
  created_at: string;
  revoked_at: string | null;
}

/** What creating an API key answers: the only time the key itself is shown. */
export interface NewApiKey extends ApiKey {
  key: string;
}

export interface ConsoleSettings {
  temporalUiUrl: string;
  namespace: string;
}
