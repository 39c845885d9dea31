import englishMessages from 'ra-language-english';
import type { TranslationMessages } from 'react-admin';
import type { ConsoleMessages } from './ru';

const consoleMessages: ConsoleMessages = {
  console: {
    all: 'All',
    open_in_temporal: 'Open in Temporal',
    auth: {
      session_expired: 'Your session has expired; sign in again',
    },
    reasons: {
      intermediary_letter: "Intermediary: check the agency's letter",
      several_active_contracts: 'Several active contracts in the registry',
      agency_not_in_registry: 'Agency not in the contract registry',
      contract_not_in_registry: 'Contract not in the registry',
      subagency_name_mismatch: 'Subagency name differs from the registry',
      contract_terminated: 'Contract terminated',
      confirmation_timeout: 'Email not confirmed in time',
    },
    documents: {
      download: 'Download',
      failed: 'Could not load the document',
      no_viewer: 'The browser cannot show this file: download it.',
      none: 'No documents',
      kinds: {
        intermediary_letter: "Agency's letter",
      },
    },
  },
  resources: {
    reviews: {
      name: 'Review |||| Reviews',
      fields: {
        created_at: 'Received',
        participant_name: 'Participant',
        email: 'Email',
        contract_path: 'Participation',
        review_reason: 'Why it needs review',
        registry_hint: 'Found in the registry',
        status: 'Status',
        decided_at: 'Decided at',
        decided_by_name: 'Decided by',
        decision_reason: 'Reason for rejection',
        form: {
          last_name: 'Last name',
          first_name: 'First name',
          email: 'Email',
          contract_path: 'Participation',
          agency_name: 'Agency',
          agency_inn: 'Agency INN',
          contract_number: 'Contract number',
          subagency_legal_name: 'Subagency legal name',
        },
      },
      status: {
        open: 'Awaiting decision',
        approved: 'Approved',
        rejected: 'Rejected',
        cancelled: 'Cancelled',
      },
      sections: {
        review: 'Review',
        decision: 'Decision',
        form: 'Registration',
        documents: 'Documents',
      },
      actions: {
        approve: 'Approve',
        reject: 'Reject',
      },
      reject_dialog: {
        title: 'Reject the registration',
        hint: 'The participant receives this reason by email.',
      },
      notifications: {
        approved: 'Registration approved',
        rejected: 'Registration rejected',
        already_decided: 'This review has already been decided',
      },
    },
    participants: {
      name: 'Participant |||| Participants',
      fields: {
        member_number: 'Member number',
        full_name: 'Participant',
        last_name: 'Last name',
        first_name: 'First name',
        email: 'Email',
        status: 'Status',
        balance: 'Balance',
        contract_path: 'Participation',
        agency_name: 'Agency',
        agency_inn: 'Agency INN',
        contract_number: 'Contract number',
        subagency_legal_name: 'Subagency legal name',
        registered_at: 'Registered',
        confirmed_at: 'Email confirmed',
        activated_at: 'Activated',
        end_reason: 'Why it ended',
        workflow_id: 'Workflow',
      },
      status: {
        pending_confirmation: 'Awaiting email confirmation',
        pending_verification: 'Under review',
        active: 'Active',
        rejected: 'Rejected',
        expired: 'Not confirmed',
      },
      contract_paths: {
        agent: 'Agent',
        subagent: 'Subagent',
        intermediary: 'Intermediary',
      },
      tabs: {
        summary: 'Participant',
        documents: 'Documents',
        reviews: 'Reviews',
        mail: 'Mail',
      },
      actions: {
        open: 'Participant',
        resend_confirmation: 'Resend confirmation link',
      },
      notifications: {
        confirmation_resent: 'A new confirmation link has been sent',
      },
    },
    mail: {
      name: 'Mail |||| Mail',
      fields: {
        created_at: 'Created',
        to_address: 'To',
        kind: 'Kind',
        subject: 'Subject',
        sent_at: 'Sent',
        body_text: 'Text',
      },
      kinds: {
        confirmation: 'Email confirmation',
        welcome: 'Welcome',
        rejection: 'Rejection',
      },
      not_sent: 'Not sent yet',
    },
    contracts: {
      name: 'Contract |||| Contracts',
      fields: {
        contract_number: 'Contract number',
        contract_type: 'Type',
        inn: 'INN',
        legal_name: 'Legal name',
        status: 'Status',
        imported_at: 'Imported',
      },
      types: {
        agent: 'Agent',
        subagent: 'Subagent',
      },
      status: {
        active: 'Active',
        terminated: 'Terminated',
      },
      import: {
        button: 'Import CSV',
        confirm_title: 'Replace the contract registry?',
        confirm_content:
          'The whole registry will be replaced by the contents of "%{filename}". Columns: contract_number, contract_type, inn, legal_name, status.',
        confirm: 'Replace',
        done: 'Imported %{smart_count} contract |||| Imported %{smart_count} contracts',
        failed: 'The registry was not imported: %{error}',
      },
    },
    audit: {
      name: 'Audit event |||| Audit log',
      fields: {
        at: 'When',
        actor_label: 'Who',
        action: 'Action',
        subject_type: 'Subject',
        subject_id: 'Subject id',
        details: 'Details',
      },
      actions: {
        staff: {
          sign_in: 'Signed in',
          sign_out: 'Signed out',
          create: 'Staff member added',
        },
        api_key: {
          create: 'API key issued',
          revoke: 'API key revoked',
        },
        contracts: {
          import: 'Contract registry imported',
        },
        participant: {
          resend_confirmation: 'Confirmation link resent',
        },
        review: {
          approve: 'Registration approved',
          reject: 'Registration rejected',
        },
      },
    },
    staff: {
      name: 'Staff member |||| Staff',
      fields: {
        email: 'Email',
        name: 'Name',
        role: 'Role',
        password: 'Password (at least 12 characters)',
        created_at: 'Added',
      },
      roles: {
        support: 'Support',
        admin: 'Administrator',
      },
    },
    'api-keys': {
      name: 'API key |||| API keys',
      fields: {
        name: 'Client',
        key_prefix: 'Key starts with',
        created_at: 'Issued',
        revoked_at: 'Revoked',
      },
      helper: {
        name: 'Who will use the key, e.g. "Webinar platform"',
      },
      actions: {
        revoke: 'Revoke',
      },
      revoke_confirm: {
        title: 'Revoke the key "%{name}"?',
        content: 'Requests with this key will be refused at once. This cannot be undone.',
      },
      notifications: {
        revoked: 'Key revoked',
      },
      created_dialog: {
        title: 'Key issued for "%{name}"',
        once: 'Copy the key now: it is shown once and is not stored anywhere.',
        key: 'API key',
        copy: 'Copy',
        copied: 'Key copied',
      },
    },
  },
};

const messages: TranslationMessages = { ...englishMessages, ...consoleMessages };

export default messages;
