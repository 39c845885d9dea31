import simpleRestProvider from 'ra-data-simple-rest';
import { fetchUtils, HttpError, type DataProvider, type Identifier } from 'react-admin';
import { currentSession } from './session';
import type { ConsoleSettings, Review, ReviewDecision } from './types';

export const apiUrl = '/admin/api';

/** The staff API's refusals: `{ error: { code, message, field? } }`. */
export interface ApiErrorBody {
  error: { code: string; message: string; field?: string };
}

const isApiErrorBody = (body: unknown): body is ApiErrorBody =>
  typeof body === 'object' && body !== null && 'error' in body && typeof (body as ApiErrorBody).error?.message === 'string';

/** The error code of a refusal from the staff API, if `error` is one. */
export const apiErrorCode = (error: unknown): string | undefined =>
  error instanceof HttpError && isApiErrorBody(error.body) ? error.body.error.code : undefined;

const bearer = (): string | undefined => {
  const session = currentSession();
  return session ? `Bearer ${session.token}` : undefined;
};

const apiError = (status: number, statusText: string, body: unknown): HttpError =>
  new HttpError(isApiErrorBody(body) ? body.error.message : statusText, status, body);

/** fetchJson with the session's bearer token; a refusal carries the API's own message. */
export async function httpClient(url: string, options: fetchUtils.Options = {}) {
  const token = bearer();
  try {
    return await fetchUtils.fetchJson(url, { ...options, user: { authenticated: token !== undefined, token } });
  } catch (error) {
    if (error instanceof HttpError) throw apiError(error.status, error.message, error.body);
    throw error;
  }
}

/** The staff API's calls beyond ra-data-simple-rest's CRUD. */
export interface ConsoleDataProvider extends DataProvider {
  settings(): Promise<ConsoleSettings>;
  decideReview(id: Identifier, decision: ReviewDecision): Promise<Review>;
  resendConfirmation(participantId: Identifier): Promise<void>;
  importContracts(file: File): Promise<{ imported: number }>;
  documentContent(id: Identifier, signal?: AbortSignal): Promise<Blob>;
}

const post = (path: string, body?: BodyInit) => httpClient(`${apiUrl}${path}`, { method: 'POST', body });

export const dataProvider: ConsoleDataProvider = {
  ...simpleRestProvider(apiUrl, httpClient),

  settings: async () => (await httpClient(`${apiUrl}/settings`)).json,

  decideReview: async (id, decision) =>
    (await post(`/reviews/${encodeURIComponent(id)}/decision`, JSON.stringify(decision))).json,

  resendConfirmation: async (participantId) => {
    await post(`/participants/${encodeURIComponent(participantId)}/resend-confirmation`);
  },

  importContracts: async (file) => {
    const form = new FormData();
    form.append('file', file);
    return (await post('/contracts/import', form)).json;
  },

  /** The raw bytes of an uploaded document (fetchJson would read them as text). */
  documentContent: async (id, signal) => {
    const token = bearer();
    const response = await fetch(`${apiUrl}/documents/${encodeURIComponent(id)}/content`, {
      headers: token ? { Authorization: token } : {},
      signal,
    });
    if (!response.ok) throw apiError(response.status, response.statusText, await response.json().catch(() => null));
    return response.blob();
  },
};
