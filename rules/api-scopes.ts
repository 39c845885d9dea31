/**
 * What an API client may do (issue 10 §3). Every client route needs exactly one scope; a client holds
 * a set of them, and every key of the client acts with that set. Pure: the API enforces it, the
 * database checks stored sets against it (db/migrations), and the console offers it as choices.
 * A new scope is a new entry here, a migration that widens `api_clients_scopes_known`, and its two
 * translations in the console's i18n packs.
 */
export const API_SCOPES = ['registrations', 'orders', 'events', 'email_changes', 'participants', 'applications', 'partner'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/** What each scope opens, as the OpenAPI document and the console describe it. */
export const API_SCOPE_ROUTES: Record<ApiScope, string> = {
  registrations: 'registering agency employees (R1–R4, R22) and following a registration, with its ledger',
  orders: 'the catalog and orders: place, follow, complete, cancel, affiliation documents (R15–R19, A5); charity funds and donations (A3)',
  events: 'events, their attendance, test-result and course-completion reports, and claims (R9–R11, A4)',
  email_changes: 'email-change requests and their documents (R21)',
  participants: "participant sign-in, sessions, password resets and the signed-in participant's account (A6, R14, R25)",
  applications: "organisations' applications to join the program, with their signed documents (A7)",
  partner:
    "a partner's accruals: post them (one or in bulk), follow, cancel and reverse them (A2); the client must be bound to its partner",
};

export const isApiScope = (value: string): value is ApiScope => (API_SCOPES as readonly string[]).includes(value);
