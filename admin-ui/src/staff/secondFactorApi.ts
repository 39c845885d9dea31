import { apiUrl, httpClient } from '../dataProvider';

/** The staff API's second-factor and security-settings calls (api/routes/admin/auth.ts). */
export interface Enrolment {
  /** the shared secret in base32, shown once, for typing into the app */
  secret: string;
  /** the otpauth:// URI the app reads (from a QR code, or pasted) */
  otpauthUri: string;
}

export interface SecuritySettings {
  adminSecondFactorRequired: boolean;
  setInConsole: boolean;
  updatedAt: string | null;
}

const post = async (path: string, body?: unknown) =>
  (await httpClient(`${apiUrl}${path}`, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body) })).json;

export const secondFactorApi = {
  /** A new secret; replacing an active factor takes a code from it. */
  start: (code?: string): Promise<Enrolment> => post('/auth/second-factor', code ? { code } : {}),
  confirm: (code: string): Promise<{ secondFactor: true }> => post('/auth/second-factor/confirm', { code }),
  /** Admins: remove another staff member's second factor (a lost phone). */
  remove: async (staffId: string): Promise<void> => {
    await httpClient(`${apiUrl}/staff/${encodeURIComponent(staffId)}/second-factor`, { method: 'DELETE' });
  },
  settings: async (): Promise<SecuritySettings> => (await httpClient(`${apiUrl}/security-settings`)).json,
  setAdminSecondFactorRequired: async (required: boolean): Promise<SecuritySettings> =>
    (await httpClient(`${apiUrl}/security-settings`, { method: 'PUT', body: JSON.stringify({ adminSecondFactorRequired: required }) }))
      .json,
};
