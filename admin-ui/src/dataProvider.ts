import simpleRestProvider from 'ra-data-simple-rest';
import { fetchUtils, HttpError, type DataProvider, type Identifier } from 'react-admin';
import { CSRF_HEADER, csrfToken } from './session';
import { refusalMessage } from './shared/refusals';
import type {
  AdjustmentRequest,
  Claim,
  ClaimDecision,
  CorporateApplication,
  EmailChange,
  EmailChangeDecision,
  EmailChangeDocumentField,
  ConsoleSettings,
  CurrentTerms,
  ExpiryForecastMonth,
  Incident,
  LedgerEntry,
  LedgerInvariant,
  NewApiKey,
  Order,
  OrderDecision,
  Participant,
  ParticipantLots,
  Report,
  ReportKind,
  Review,
  ReviewDecision,
  TaskDecision,
} from './types';
import type { TierChange } from './tiers/types';
import type { RegistryImported, RegistryPreview, RegistryUpload } from './contracts/types';
import type { DashboardStats } from './dashboard/types';

export const apiUrl = '/admin/api';

/** Entries per page of a participant's ledger tab. */
export const LEDGER_PAGE_SIZE = 50;

/** A page of a participant's ledger, and the key of the next (older) page, if any. */
export interface LedgerPage {
  entries: LedgerEntry[];
  next: number | null;
}

/** The staff API's refusals: `{ error: { code, message, field? } }`. */
export interface ApiErrorBody {
  error: { code: string; message: string; field?: string };
}

const isApiErrorBody = (body: unknown): body is ApiErrorBody =>
  typeof body === 'object' && body !== null && 'error' in body && typeof (body as ApiErrorBody).error?.message === 'string';

/** The error code of a refusal from the staff API, if `error` is one. */
export const apiErrorCode = (error: unknown): string | undefined =>
  error instanceof HttpError && isApiErrorBody(error.body) ? error.body.error.code : undefined;

/**
 * The session is an HttpOnly cookie the browser sends by itself (same origin); a request that
 * changes something also echoes the CSRF cookie in a header, which another site's page cannot do.
 */
const isSafe = (method = 'GET') => ['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase());
const withCsrf = (headers: Headers, method?: string): Headers => {
  const token = csrfToken();
  if (token && !isSafe(method)) headers.set(CSRF_HEADER, token);
  return headers;
};

/** A refusal keeps the API's body (its code, field, rows); its message is in the console's language. */
const apiError = (status: number, statusText: string, body: unknown): HttpError =>
  new HttpError(isApiErrorBody(body) ? refusalMessage(body.error.code, body.error.message) : statusText, status, body);

/** fetchJson with the session cookie (and the CSRF header); a refusal carries the API's own message. */
export async function httpClient(url: string, options: fetchUtils.Options = {}) {
  const headers = withCsrf(new Headers(options.headers ?? { Accept: 'application/json' }), options.method);
  try {
    return await fetchUtils.fetchJson(url, { ...options, headers, credentials: 'same-origin' });
  } catch (error) {
    if (error instanceof HttpError) throw apiError(error.status, error.message, error.body);
    throw error;
  }
}

/** The staff API's calls beyond ra-data-simple-rest's CRUD. */
export interface ConsoleDataProvider extends DataProvider {
  settings(): Promise<ConsoleSettings>;
  /** The dashboard's figures (months and days back from now, UTC). */
  stats(signal?: AbortSignal): Promise<DashboardStats>;
  decideReview(id: Identifier, decision: ReviewDecision): Promise<Review>;
  resendConfirmation(participantId: Identifier): Promise<void>;
  /** R4: a dry run of the registry import: the export's rows, their errors, what would change. */
  previewContracts(upload: RegistryUpload): Promise<RegistryPreview>;
  /** R4: the export replaces the registry; `skipInvalid`: its readable rows, leaving out those the preview showed with errors. */
  importContracts(upload: RegistryUpload & { skipInvalid: boolean }): Promise<RegistryImported>;
  documentContent(id: Identifier, signal?: AbortSignal): Promise<Blob>;
  uploadReport(eventId: Identifier, upload: ReportUpload): Promise<Report>;
  confirmReport(id: Identifier): Promise<Report>;
  discardReport(id: Identifier): Promise<Report>;
  resolveIncident(id: Identifier, resolution: string): Promise<Incident>;
  decideClaim(id: Identifier, decision: ClaimDecision): Promise<Claim>;
  /** One page of the participant's ledger, newest first: the entries before the entry `after` (null: the newest). */
  participantLedger(participantId: Identifier, after: number | null, signal?: AbortSignal): Promise<LedgerPage>;
  /** A1: the participant's tier changes, newest first. */
  participantTierHistory(participantId: Identifier, signal?: AbortSignal): Promise<TierChange[]>;
  participantLots(participantId: Identifier, signal?: AbortSignal): Promise<ParticipantLots>;
  /**
   * A manual credit (amount > 0) or debit (amount < 0); the same `idempotencyKey` never applies twice.
   * Above FOUR_EYES_ADJUSTMENT_LIMIT it is not posted: the answer is the request a second staff member decides.
   */
  adjustPoints(
    participantId: Identifier,
    adjustment: { amount: number; reason: string; idempotencyKey: string },
  ): Promise<{ balance: number } | AdjustmentRequest>;
  /** Four eyes: another staff member than the requester approves (the ledger posts it), or anyone rejects with a reason. */
  decideAdjustmentRequest(id: Identifier, decision: TaskDecision): Promise<AdjustmentRequest>;
  reverseCredit(entryId: Identifier, reason: string): Promise<{ reversed: boolean; amount: number; remaining: number }>;
  closeAccount(participantId: Identifier, reason: string): Promise<Participant>;
  ledgerInvariant(signal?: AbortSignal): Promise<LedgerInvariant>;
  expiryForecast(signal?: AbortSignal): Promise<ExpiryForecastMonth[]>;
  /** A CSV export (admins), fetched with the session's token. */
  exportCsv(
    path:
      | 'ledger/export.csv'
      | 'balances/export.csv'
      | `charity-funds/${string}/statement.csv`
      | `partners/${string}/statement.csv?month=${string}`,
  ): Promise<Blob>;
  currentTerms(signal?: AbortSignal): Promise<CurrentTerms>;
  decideOrder(id: Identifier, decision: OrderDecision): Promise<Order>;
  /** R21: support opens an email change on the participant's behalf. */
  openEmailChange(participantId: Identifier, newEmail: string): Promise<EmailChange>;
  /** R21: the new employer's letter and/or the employment record (PDF, PNG or JPEG). */
  uploadEmailChangeDocuments(id: Identifier, files: Partial<Record<EmailChangeDocumentField, File>>): Promise<EmailChange>;
  decideEmailChange(id: Identifier, decision: EmailChangeDecision): Promise<EmailChange>;
  /** A7: a manager approves (the agency joins the contract registry) or rejects with a reason. */
  decideApplication(id: Identifier, decision: TaskDecision): Promise<CorporateApplication>;
  /** Rotation: one more key for the API client, answered with the key itself (shown once). */
  issueApiKey(clientId: Identifier): Promise<NewApiKey>;
}

/** A report file to upload for an event; `onProgress` gets the share sent so far (0 to 1). */
export interface ReportUpload {
  kind: ReportKind;
  file: File;
  onProgress?: (sent: number) => void;
  signal?: AbortSignal;
}

/** The rows the API could not read, when it refuses a whole file (400 `report_unreadable`). */
export const apiErrorRows = (error: unknown): Array<{ row: number; field: string; message: string }> => {
  if (!(error instanceof HttpError) || !isApiErrorBody(error.body)) return [];
  const rows = (error.body.error as { errors?: unknown }).errors;
  return Array.isArray(rows) ? rows : [];
};

/**
 * A multipart POST through XMLHttpRequest, whose upload progress events fetch does not give:
 * resolves with the JSON answer, rejects like httpClient (an HttpError with the API's message).
 */
function postWithProgress<T>(path: string, form: FormData, onProgress?: (sent: number) => void, signal?: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${apiUrl}${path}`);
    withCsrf(new Headers({ Accept: 'application/json' }), 'POST').forEach((value, name) => xhr.setRequestHeader(name, value));
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && onProgress) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      let body: unknown = xhr.responseText;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // not JSON: keep the text
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as T);
      else reject(apiError(xhr.status, xhr.statusText, body));
    };
    xhr.onerror = () => reject(new Error('ra.notification.http_error'));
    xhr.onabort = () => reject(new DOMException('The upload was cancelled', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(form);
  });
}

const post = (path: string, body?: BodyInit, headers?: Record<string, string>) =>
  httpClient(`${apiUrl}${path}`, { method: 'POST', body, headers: headers && new Headers({ Accept: 'application/json', ...headers }) });

/** A file from the staff API, shown from a blob: the API's answers may not be framed or opened as pages. */
async function fetchBlob(path: string, signal?: AbortSignal): Promise<Blob> {
  const response = await fetch(`${apiUrl}${path}`, { credentials: 'same-origin', signal });
  if (!response.ok) throw apiError(response.status, response.statusText, await response.json().catch(() => null));
  return response.blob();
}

const get = async (path: string, signal?: AbortSignal) => (await httpClient(`${apiUrl}${path}`, { signal })).json;

const restProvider = simpleRestProvider(apiUrl, httpClient);

export const dataProvider: ConsoleDataProvider = {
  ...restProvider,

  /**
   * One GET per id: the staff API's lists take no `id` filter, which ra-data-simple-rest's getMany
   * relies on (a ReferenceInput showing its chosen record would otherwise get the first page).
   */
  getMany: async (resource, { ids, meta, signal }) => ({
    data: await Promise.all(ids.map(async (id) => (await restProvider.getOne(resource, { id, meta, signal })).data)),
  }),

  settings: async () => (await httpClient(`${apiUrl}/settings`)).json,

  stats: (signal) => get('/stats', signal),

  decideReview: async (id, decision) => (await post(`/reviews/${encodeURIComponent(id)}/decision`, JSON.stringify(decision))).json,

  resendConfirmation: async (participantId) => {
    await post(`/participants/${encodeURIComponent(participantId)}/resend-confirmation`);
  },

  previewContracts: ({ file, onProgress, signal }) => {
    const form = new FormData();
    form.append('file', file);
    return postWithProgress<RegistryPreview>('/contracts/import/preview', form, onProgress, signal);
  },

  importContracts: ({ file, skipInvalid, onProgress, signal }) => {
    const form = new FormData();
    form.append('skipInvalid', String(skipInvalid)); // before the file, so the server reads it first
    form.append('file', file);
    return postWithProgress<RegistryImported>('/contracts/import', form, onProgress, signal);
  },

  /** The raw bytes of an uploaded document (fetchJson would read them as text). */
  documentContent: (id, signal) => fetchBlob(`/documents/${encodeURIComponent(id)}/content`, signal),

  uploadReport: async (eventId, { kind, file, onProgress, signal }) => {
    const form = new FormData();
    form.append('kind', kind); // before the file, so the server reads it first
    form.append('file', file);
    return postWithProgress<Report>(`/events/${encodeURIComponent(eventId)}/reports`, form, onProgress, signal);
  },

  confirmReport: async (id) => (await post(`/reports/${encodeURIComponent(id)}/confirm`)).json,

  discardReport: async (id) => (await post(`/reports/${encodeURIComponent(id)}/discard`)).json,

  resolveIncident: async (id, resolution) =>
    (await post(`/incidents/${encodeURIComponent(id)}/resolve`, JSON.stringify({ resolution }))).json,

  decideClaim: async (id, decision) => (await post(`/claims/${encodeURIComponent(id)}/decision`, JSON.stringify(decision))).json,

  participantLedger: async (participantId, after, signal) => {
    const query = new URLSearchParams({ limit: String(LEDGER_PAGE_SIZE), ...(after !== null && { after: String(after) }) });
    const { headers, json } = await httpClient(`${apiUrl}/participants/${encodeURIComponent(participantId)}/ledger?${query}`, { signal });
    // The API names the next page in its Link header while older entries remain (`…&after=ID>; rel="next"`).
    const next = /[?&]after=(\d+)[^>]*>;\s*rel="next"/.exec(headers.get('Link') ?? '');
    return { entries: json as LedgerEntry[], next: next ? Number(next[1]) : null };
  },
  participantTierHistory: (participantId, signal) => get(`/participants/${encodeURIComponent(participantId)}/tier-history`, signal),

  participantLots: (participantId, signal) => get(`/participants/${encodeURIComponent(participantId)}/lots`, signal),

  adjustPoints: async (participantId, { amount, reason, idempotencyKey }) =>
    (
      await post(`/participants/${encodeURIComponent(participantId)}/adjustments`, JSON.stringify({ amount, reason }), {
        'Idempotency-Key': idempotencyKey,
      })
    ).json,

  decideAdjustmentRequest: async (id, decision) =>
    decision.decision === 'approve'
      ? (await post(`/adjustment-requests/${encodeURIComponent(id)}/approve`)).json
      : (await post(`/adjustment-requests/${encodeURIComponent(id)}/reject`, JSON.stringify({ reason: decision.reason }))).json,

  reverseCredit: async (entryId, reason) => (await post(`/ledger/${encodeURIComponent(entryId)}/reverse`, JSON.stringify({ reason }))).json,

  closeAccount: async (participantId, reason) =>
    (await post(`/participants/${encodeURIComponent(participantId)}/close`, JSON.stringify({ reason }))).json,

  ledgerInvariant: (signal) => get('/ledger/invariant', signal),

  expiryForecast: (signal) => get('/ledger/expiry-forecast', signal),

  exportCsv: (path) => fetchBlob(`/${path}`),

  currentTerms: (signal) => get('/terms/current', signal),

  decideOrder: async (id, decision) => (await post(`/orders/${encodeURIComponent(id)}/decision`, JSON.stringify(decision))).json,

  openEmailChange: async (participantId, newEmail) => (await post('/email-changes', JSON.stringify({ participantId, newEmail }))).json,

  uploadEmailChangeDocuments: async (id, files) => {
    const form = new FormData();
    for (const [field, file] of Object.entries(files)) if (file) form.append(field, file);
    return (await post(`/email-changes/${encodeURIComponent(id)}/documents`, form)).json;
  },

  decideEmailChange: async (id, decision) =>
    (await post(`/email-changes/${encodeURIComponent(id)}/decision`, JSON.stringify(decision))).json,

  decideApplication: async (id, decision) =>
    decision.decision === 'approve'
      ? (await post(`/applications/${encodeURIComponent(id)}/approve`)).json
      : (await post(`/applications/${encodeURIComponent(id)}/reject`, JSON.stringify({ reason: decision.reason }))).json,

  issueApiKey: async (clientId) => (await post(`/api-clients/${encodeURIComponent(clientId)}/keys`)).json,
};
