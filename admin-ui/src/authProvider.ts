import { HttpError, type AuthProvider } from 'react-admin';
import { apiUrl, httpClient } from './dataProvider';
import { clearSession, currentSession, saveSession, type StaffSession } from './session';

/** Staff sign in with email and password; the API answers a bearer token that expires. */
export const authProvider: AuthProvider = {
  async login({ email, password }: { email: string; password: string }) {
    try {
      const { json } = await httpClient(`${apiUrl}/auth/login`, { method: 'POST', body: JSON.stringify({ email, password }) });
      saveSession(json as StaffSession);
    } catch (error) {
      if (error instanceof HttpError && error.status === 401) throw new Error('ra.auth.sign_in_error');
      throw error;
    }
  },

  async logout() {
    if (currentSession()) {
      // Ending the session on the server is best effort: it may have expired already.
      await httpClient(`${apiUrl}/auth/logout`, { method: 'POST' }).catch(() => undefined);
    }
    clearSession();
  },

  async checkAuth() {
    if (!currentSession()) throw new Error('ra.auth.auth_check_error');
  },

  /** 401: the session is gone, sign in again; 403: the role may not do that, stay. */
  async checkError(error: { status?: number }) {
    if (error?.status === 401) {
      clearSession();
      throw new Error('console.auth.session_expired');
    }
  },

  async getIdentity() {
    const session = currentSession();
    if (!session) throw new Error('ra.auth.auth_check_error');
    return { id: session.staff.id, fullName: session.staff.name };
  },

  async getPermissions() {
    return currentSession()?.staff.role;
  },
};
